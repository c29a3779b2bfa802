import VigilCore

/// OTLP JSON metrics (one ExportMetricsServiceRequest per line). Placeholder
/// until the decoder lands: every non-blank line is reported as unsupported.
struct OTLPDecoder {
    mutating func decode(_ bytes: UnsafeRawBufferPointer, line: Int, into records: inout [Record]) -> ParseFailure? {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        return ParseFailure(line: line, column: 1, message: "OTLP input is not supported yet")
    }
}
