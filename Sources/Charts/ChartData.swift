import Reports

/// What a chart knows about one region: published numbers, or why there are none. A
/// suppressed region carries no number at all (like `Cell.suppressed`), so no chart can draw,
/// label or describe a withheld value by accident.
public enum ChartEntry<Value: Sendable & Equatable>: Sendable, Equatable {
  case published(Value)
  /// Withheld by disclosure control: named as such, never drawn.
  case suppressed
  /// No respondents (or no estimate): named as such.
  case noData

  public var value: Value? {
    if case .published(let v) = self { return v }
    return nil
  }
}

/// An estimate with its 95 % interval.
public struct IntervalValue: Sendable, Equatable {
  public var estimate: Double
  public var lower: Double
  public var upper: Double
  public init(estimate: Double, lower: Double, upper: Double) {
    self.estimate = estimate
    self.lower = lower
    self.upper = upper
  }
}

/// A region's label and entry.
public struct ChartRow<Value: Sendable & Equatable>: Sendable, Equatable {
  public var label: String
  public var entry: ChartEntry<Value>
  public init(_ label: String, _ entry: ChartEntry<Value>) {
    self.label = label
    self.entry = entry
  }
}

/// The words a chart shows, already in the report's language.
public struct ChartText: Sendable, Equatable {
  public var title: String
  /// The screen-reader description (`<desc>`); the charts append a sentence per region.
  public var description: String
  public var axis: String
  /// Shown instead of a mark for suppressed regions.
  public var suppressed: String
  /// Shown instead of a mark for regions without data.
  public var noData: String
  /// Legend entries, chart-specific (see each chart).
  public var legend: [String]
  /// Numbers with a decimal comma.
  public var decimalComma: Bool

  public init(title: String, description: String = "", axis: String = "", suppressed: String = "suppressed", noData: String = "no data",
              legend: [String] = [], decimalComma: Bool = false) {
    self.title = title
    self.description = description
    self.axis = axis
    self.suppressed = suppressed
    self.noData = noData
    self.legend = legend
    self.decimalComma = decimalComma
  }

  /// `x` with `digits` decimals as the tables show it.
  public func number(_ x: Double, _ digits: Int) -> String {
    ReportRenderer.number(x, digits: digits, decimalComma: decimalComma)
  }
}

/// Colour-blind-safe colours: Okabe & Ito (2008) for marks, viridis (van der Walt & Smith 2015)
/// for the sequential map scale. Both stay distinguishable under deuteranopia, protanopia and
/// tritanopia; marks never rely on colour alone (shape or fill differ too).
public enum Palette {
  public static let blue = "#0072B2"
  public static let vermillion = "#D55E00"
  public static let orange = "#E69F00"
  public static let sky = "#56B4E9"
  public static let green = "#009E73"
  public static let purple = "#CC79A7"
  public static let grey = "#7F7F7F"
  public static let lightGrey = "#D9D9D9"
  public static let ink = "#222222"
  /// Viridis at five evenly spaced points (dark to light).
  public static let sequential = ["#440154", "#3B528B", "#21918C", "#5EC962", "#FDE725"]
  /// Text colour readable on `sequential[k]`.
  public static let sequentialText = ["#ffffff", "#ffffff", "#ffffff", "#111111", "#111111"]
}
