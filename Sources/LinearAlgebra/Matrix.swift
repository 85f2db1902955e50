/// A dense, column-major matrix of `Double` with value (copy-on-write) semantics.
///
/// Element (i, j) lives at `elements[i + j * rows]`, the layout BLAS and LAPACK expect,
/// so no routine in this module transposes before calling them. `==` is exact; tests
/// compare with explicit tolerances (see `_TestSupport`).
public struct Matrix: Sendable, Equatable, Hashable {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let columns: Int
  /// The elements in column-major order (`rows * columns` of them).
  public var elements: [Double]

  /// A `rows × columns` matrix with every element set to `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
    self.rows = rows
    self.columns = columns
    self.elements = Array(repeating: value, count: rows * columns)
  }

  /// A matrix over column-major `elements`; `elements.count` must equal `rows * columns`.
  public init(rows: Int, columns: Int, columnMajor elements: [Double]) {
    precondition(elements.count == rows * columns, "Matrix: \(elements.count) elements for \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// A matrix from an array of rows (convenient for literals in tests and docs).
  public init(_ rowArrays: [[Double]]) {
    let r = rowArrays.count
    let c = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == c }, "Matrix: ragged row arrays")
    var e = [Double](repeating: 0, count: r * c)
    for i in 0..<r { for j in 0..<c { e[i + j * r] = rowArrays[i][j] } }
    self.init(rows: r, columns: c, columnMajor: e)
  }

  /// A matrix whose columns are the given vectors (all of one length).
  public init(columnVectors: [[Double]]) {
    let c = columnVectors.count
    let r = columnVectors.first?.count ?? 0
    precondition(columnVectors.allSatisfy { $0.count == r }, "Matrix: ragged column vectors")
    self.init(rows: r, columns: c, columnMajor: columnVectors.flatMap { $0 })
  }

  /// The `n × n` identity matrix.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i + i * n] = 1 }
    return m
  }

  /// A square matrix with `d` on the diagonal.
  public static func diagonal(_ d: [Double]) -> Matrix {
    var m = Matrix(rows: d.count, columns: d.count)
    for i in d.indices { m.elements[i + i * d.count] = d[i] }
    return m
  }

  /// Element (i, j), zero-based.
  @inlinable
  public subscript(i: Int, j: Int) -> Double {
    get { elements[i + j * rows] }
    set { elements[i + j * rows] = newValue }
  }

  /// Column `j` as an array.
  public func column(_ j: Int) -> [Double] {
    Array(elements[(j * rows)..<((j + 1) * rows)])
  }

  /// Row `i` as an array.
  public func row(_ i: Int) -> [Double] {
    (0..<columns).map { elements[i + $0 * rows] }
  }

  /// The diagonal elements.
  public var diagonalElements: [Double] {
    (0..<Swift.min(rows, columns)).map { elements[$0 + $0 * rows] }
  }

  /// The transpose (a new matrix).
  public var transposed: Matrix {
    var t = Matrix(rows: columns, columns: rows)
    for j in 0..<columns { for i in 0..<rows { t.elements[j + i * columns] = elements[i + j * rows] } }
    return t
  }

  /// Rows as nested arrays (for rendering and JSON).
  public var rowArrays: [[Double]] { (0..<rows).map { row($0) } }

  /// True when the matrix is square.
  public var isSquare: Bool { rows == columns }
}
