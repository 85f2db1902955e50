import Foundation

/// The rule by which text answers are matched to a response scale's labels, aliases and text
/// missing codes (documented in Notebooks-md/reference-codebook.md, "Text answers").
///
/// Both sides are reduced to a key: Unicode NFC; surrounding white space (space, tab, no-break
/// space, line breaks) removed; every inner run of white space folded to one space; lower case
/// (Unicode, locale-independent). So "Trifft voll zu", " trifft  VOLL zu " and "trifft voll zu"
/// are the same answer; "trifft voll zu." (with a full stop) or "Trifft voll zu (5)" are not.
/// A cell that is a number in the file's number format is read as that number first, before
/// any label is tried.
public enum TextAnswerKey {
  /// The comparison key of `text`.
  public static func key(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
      if scalar.properties.isWhitespace {
        pendingSpace = !out.isEmpty
        continue
      }
      if pendingSpace {
        out.append(" ")
        pendingSpace = false
      }
      out.unicodeScalars.append(scalar)
    }
    return out.lowercased()
  }
}
