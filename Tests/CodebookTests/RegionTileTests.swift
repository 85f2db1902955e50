import Testing
@testable import Codebook

/// Tile-map positions in the region table (`tile_row`, `tile_col`, `tile_label`).
@Suite struct RegionTileTests {
  @Test func tilesAreReadAndAreNotCovariates() throws {
    let s = try parse(validStudy.replacingOccurrences(of: "population: 79686}", with: "population: 79686, tile_row: 2, tile_col: 3, tile_label: DE}"))
    let r = try #require(s.region("15001"))
    #expect(r.tile == RegionTile(row: 2, column: 3, label: "DE"))
    #expect(r.covariates == ["population": 79686])
    #expect(s.region("15")?.tile == nil)
  }

  @Test func bothCoordinatesAreNeededAndBounded() {
    let half = expectError(validStudy.replacingOccurrences(of: "population: 79686}", with: "population: 79686, tile_row: 2}"))
    #expect(half?.problem == .missingKey("tile_col"))
    let far = expectError(validStudy.replacingOccurrences(of: "population: 79686}", with: "population: 79686, tile_row: 2, tile_col: 120}"))
    #expect(far?.problem == .invalidValue("120", allowed: "a tile position from 0 to 99"))
    #expect(far?.line == 28)
  }
}
