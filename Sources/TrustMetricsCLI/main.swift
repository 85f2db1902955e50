import TrustMetrics
print("trustmetrics")
