import DataIO

/// Why an item cell is or is not a valid answer: one byte per cell.
///
/// `0` valid; `1` blank; `2` not asked in this file's wave (`not_asked:`); `3` a number outside
/// the scale's valid range (or a decimal on an integer code scale); `4` text that is neither a
/// number nor a label, alias or missing code of the scale; `5` a user-missing value the file
/// declares (SAV) that the codebook does not list; `16 + k` the scale's k-th numeric missing
/// code; `80 + k` the scale's k-th text missing code.
public enum CellStatus {
  public static let valid: UInt8 = 0
  public static let blank: UInt8 = 1
  public static let notAsked: UInt8 = 2
  public static let outOfRange: UInt8 = 3
  public static let undecodable: UInt8 = 4
  public static let fileMissing: UInt8 = 5
  static let missingCodeBase: UInt8 = 16
  static let missingTextBase: UInt8 = 80

  /// A status byte, decoded.
  public enum Kind: Sendable, Equatable {
    case valid, blank, notAsked, outOfRange, undecodable, fileMissing
    case missingCode(Int)
    case missingText(Int)
  }

  public static func kind(_ s: UInt8) -> Kind {
    switch s {
    case valid: .valid
    case blank: .blank
    case notAsked: .notAsked
    case outOfRange: .outOfRange
    case undecodable: .undecodable
    case fileMissing: .fileMissing
    case missingCodeBase..<missingTextBase: .missingCode(Int(s - missingCodeBase))
    default: .missingText(Int(s - missingTextBase))
    }
  }

  static func missingCode(_ k: Int) -> UInt8 { missingCodeBase + UInt8(k) }
  static func missingText(_ k: Int) -> UInt8 { missingTextBase + UInt8(k) }
}

/// The raw content of a cell that could not be used: a number or a text.
public enum RawCell: Sendable, Equatable {
  case number(Double)
  case text(String)

  /// As shown in reports.
  public var display: String {
    switch self {
    case .number(let x): formatNumber(x)
    case .text(let t): t
    }
  }
}

/// Cell statuses of the item matrix (n × p, column-major), with the raw values of cells that
/// are out of range, undecodable or user-missing in the file.
public struct CellStatusMatrix: Sendable {
  public let rows: Int
  public let columns: Int
  var bytes: [UInt8]
  /// Raw values by `item * rows + row`.
  var rawCells: [Int: RawCell]

  public subscript(row: Int, item: Int) -> UInt8 { bytes[item * rows + row] }

  /// The raw value behind an out-of-range, undecodable or user-missing cell.
  public func raw(row: Int, item: Int) -> RawCell? { rawCells[item * rows + row] }
}
