/// The input formats the ingest layer understands. See docs/metrics-format.md.
public enum MetricFormat: String, Sendable, CaseIterable {
    /// Vigil's native JSON Lines: one sample or event object per line.
    case jsonl
    /// Prometheus text exposition format 0.0.4 (a textfile-collector `.prom` file).
    case prometheus
    /// OpenMetrics 1.0 text format (ends with `# EOF`).
    case openmetrics
    /// OTLP JSON as written by the OpenTelemetry Collector file exporter:
    /// one `ExportMetricsServiceRequest` per line.
    case otlp
}
