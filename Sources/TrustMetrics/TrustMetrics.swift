// TrustMetrics umbrella: re-exports the library modules.
@_exported import Codebook
@_exported import DataIO
@_exported import FileSafety
@_exported import Ingest
@_exported import LinearAlgebra
@_exported import MeasurementModels
@_exported import Psychometrics
@_exported import Ranking
@_exported import Replication
@_exported import SurveyWeighting
@_exported import CompositeIndices
@_exported import Reports
@_exported import Charts
@_exported import Publication
@_exported import Simulation
@_exported import Statistics
@_exported import SurveyExports
