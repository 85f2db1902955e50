/// The text encoding of a CSV file.
public enum CSVEncoding: String, Sendable, CaseIterable, Codable {
  /// UTF-8 when the file starts with a byte-order mark or all bytes are valid UTF-8,
  /// otherwise Windows-1252 (what German Excel writes as "CSV (Trennzeichen-getrennt)").
  case auto
  /// UTF-8, with or without byte-order mark; invalid bytes are an error.
  case utf8
  /// Windows-1252 (Latin-1 plus € and typographic quotes in 0x80–0x9F).
  case windows1252
}

/// The line ending `CSVWriter` puts after each record.
public enum CSVLineEnding: String, Sendable, CaseIterable, Codable {
  /// CR LF, as RFC 4180 and Excel write it.
  case crlf
  /// LF only.
  case lf

  var bytes: String { self == .crlf ? "\r\n" : "\n" }
}

/// How `CSVReader` reads a file. The defaults detect everything Excel may write.
public struct CSVOptions: Sendable, Equatable {
  /// The field separator: `,` `;` or tab (any ASCII character other than `"`, CR, LF).
  /// `nil` detects it among `;`, tab and `,` from the first records: the candidate that
  /// occurs equally often (and at least once) outside quotes in every sampled record wins.
  public var delimiter: Character?
  /// The text encoding (default `.auto`).
  public var encoding: CSVEncoding
  /// The decimal separator of numbers, `.` or `,`. `nil` detects it: `,` is used when the
  /// delimiter is `;` or tab and some column that is otherwise numeric holds a value like
  /// `-12,5` (digits, comma, digits); columns that then use `.` as a decimal point become text.
  public var decimalSeparator: Character?
  /// The longest physical line allowed, in bytes (default 1 MiB); longer lines throw
  /// `DataError.lineTooLong`, which stops binary or one-line files early.
  public var maxLineLength: Int
  /// Whether the first record holds the column names (default `true`). Without a header the
  /// columns are called `V1`, `V2`, … as in R.
  public var hasHeader: Bool
  /// Whether the record after the header holds variable labels (SoSci Survey's CSV export);
  /// they go to `DataTable.variableLabels` and the record is not data (default `false`).
  public var labelRow: Bool = false
  /// Text columns as `.categorical` (each distinct text decoded once, 4 bytes per cell)
  /// instead of `.text` (default `false`).
  public var textAsLevels: Bool = false
  /// Threads that parse the records (default 1). With more, a file of at least 1 MiB of
  /// records is cut at line ends into one chunk per thread; a chunk that turns out to start
  /// inside a quoted field, or any error after the first chunk, makes the reader parse the file
  /// again on one thread, so values, types, lines and errors never depend on the count.
  public var threads: Int = 1
  /// Chunks of a parallel parse start at least this many bytes apart (default 1 MiB; smaller
  /// files are parsed on one thread). Tests and the fuzz target lower it to cut tiny inputs.
  public var minimumChunkBytes: Int = 1 << 20

  public init(
    delimiter: Character? = nil, encoding: CSVEncoding = .auto, decimalSeparator: Character? = nil,
    maxLineLength: Int = 1 << 20, hasHeader: Bool = true
  ) {
    self.delimiter = delimiter
    self.encoding = encoding
    self.decimalSeparator = decimalSeparator
    self.maxLineLength = maxLineLength
    self.hasHeader = hasHeader
  }
}
