import Foundation
import Testing
@testable import VigilIngest
import VigilCore

/// GenAI evaluation events in OTLP JSON logs, shaped as the OpenTelemetry
/// semantic conventions describe `gen_ai.evaluation.result` (written for
/// these tests): one line with the newer `eventName` field, one with the
/// older `event.name` attribute and snake_case fields, and other log
/// records that are not evaluations.
let otlpEvaluationExample = """
{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"support-agent"}},{"key":"deployment.environment","value":{"stringValue":"prod"}}]},"scopeLogs":[{"scope":{"name":"eval-harness","version":"1.2.0"},"logRecords":[{"timeUnixNano":"1771063200250000000","observedTimeUnixNano":"1771063200300000000","severityNumber":9,"eventName":"gen_ai.evaluation.result","traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","attributes":[{"key":"gen_ai.evaluation.name","value":{"stringValue":"Relevance"}},{"key":"gen_ai.evaluation.score.value","value":{"doubleValue":0.85}},{"key":"gen_ai.evaluation.score.label","value":{"stringValue":"relevant"}},{"key":"gen_ai.evaluation.explanation","value":{"stringValue":"The answer addresses the refund question directly."}},{"key":"gen_ai.response.id","value":{"stringValue":"chatcmpl-123"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o-mini"}}]},{"timeUnixNano":"0","observedTimeUnixNano":"1771063201000000000","eventName":"gen_ai.evaluation.result","attributes":[{"key":"gen_ai.evaluation.name","value":{"stringValue":"Answer Correctness"}},{"key":"gen_ai.evaluation.score.label","value":{"stringValue":"FAIL"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o-mini"}},{"key":"variant","value":{"stringValue":"canary"}}]},{"timeUnixNano":"1771063201500000000","body":{"stringValue":"request served"},"attributes":[{"key":"http.route","value":{"stringValue":"/chat"}}]}]}]}]}
{"resource_logs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"search-agent"}},{"key":"deployment","value":{"stringValue":"search"}}]},"scope_logs":[{"log_records":[{"time_unix_nano":1771063260000000000,"attributes":[{"key":"event.name","value":{"stringValue":"gen_ai.evaluation.result"}},{"key":"gen_ai.evaluation.name","value":{"stringValue":"groundedness"}},{"key":"gen_ai.evaluation.score.value","value":{"intValue":"1"}}]},{"time_unix_nano":1771063260000000000,"attributes":[{"key":"event.name","value":{"stringValue":"gen_ai.evaluation.result"}},{"key":"gen_ai.evaluation.name","value":{"stringValue":"tone"}},{"key":"gen_ai.evaluation.score.label","value":{"stringValue":"somewhat"}}]}]}]}]}

"""

@Suite struct OTLPEvaluationTests {
    @Test func evaluationEventsBecomeQualitySamples() {
        var decoder = OTLPDecoder()
        var records: [Record] = []
        var skipped: [ParseFailure] = []
        Array(otlpEvaluationExample.utf8).withUnsafeBytes { raw in
            forEachLine(raw) { line, n in
                #expect(decoder.decode(line, line: n, into: &records) == nil)
                skipped += decoder.skipped
            }
        }
        let support = ["service.name": "support-agent", "deployment.environment": "prod",
                       "gen_ai.request.model": "gpt-4o-mini", "deployment": "support-agent"]
        #expect(records == [
            // The score value wins over the label; explanation and response id are not labels.
            .sample(Sample(time: EventTime(milliseconds: 1_771_063_200_250), metric: "quality.relevance", value: 0.85,
                           labels: Labels(support.merging(["variant": "gpt-4o-mini"]) { $1 }))),
            // No time (0): the observed time. A label, any case; the event's own variant wins.
            .sample(Sample(time: EventTime(milliseconds: 1_771_063_201_000), metric: "quality.answer_correctness", value: 0,
                           labels: Labels(support.merging(["variant": "canary"]) { $1 }))),
            // The older event.name attribute; a resource "deployment" wins over service.name.
            .sample(Sample(time: EventTime(milliseconds: 1_771_063_260_000), metric: "quality.groundedness", value: 1,
                           labels: Labels(["service.name": "search-agent", "deployment": "search"]))),
        ])
        // The unknown label is skipped, and said so at its line.
        #expect(skipped.count == 1)
        #expect(skipped.first?.line == 2)
        #expect(skipped.first?.message.contains("somewhat") == true)
    }

    @Test func namesAndLabelsFollowTheDocumentedRules() {
        #expect(OTLPDecoder.qualityMetric("Answer Relevancy") == "quality.answer_relevancy")
        #expect(OTLPDecoder.qualityMetric("tool-call.accuracy/v2") == "quality.tool_call_accuracy_v2")
        #expect(OTLPDecoder.qualityMetric("Genauigkeit ü") == "quality.genauigkeit__")
        #expect(OTLPDecoder.qualityMetric("") == nil)
        for (label, value) in [("pass", 1.0), ("Correct", 1), ("relevant", 1), ("fail", 0), ("INCORRECT", 0), ("not_relevant", 0)] {
            #expect(OTLPDecoder.scoreLabel(label) == value, "\(label)")
        }
        #expect(OTLPDecoder.scoreLabel("partially") == nil)
    }

    /// Hostile shapes: each is a clear failure of its line or a skipped
    /// event, never a crash, and a good event beside a skipped one still
    /// arrives.
    @Test func hostileEvaluationsFailOrSkipClearly() {
        let event = #"{"eventName":"gen_ai.evaluation.result","timeUnixNano":"1771063200000000000","attributes":ATTRS}"#
        func line(_ records: [String]) -> String {
            #"{"resourceLogs":[{"scopeLogs":[{"logRecords":["# + records.joined(separator: ",") + "]}]}]}"
        }
        let good = event.replacingOccurrences(of: "ATTRS", with:
            #"[{"key":"gen_ai.evaluation.name","value":{"stringValue":"x"}},{"key":"gen_ai.evaluation.score.value","value":{"doubleValue":"NaN"}}]"#)
        let cases: [(String, failsLine: Bool, skips: Int, records: Int)] = [
            (line([good]), false, 0, 1),
            (line([event.replacingOccurrences(of: "ATTRS", with: "[]"), good]), false, 1, 1),
            (line([event.replacingOccurrences(of: "ATTRS", with:
                #"[{"key":"gen_ai.evaluation.name","value":{"stringValue":"x"}}]"#)]), false, 1, 0),
            (line([good.replacingOccurrences(of: #""timeUnixNano":"1771063200000000000""#, with: #""timeUnixNano":"soon""#)]), true, 0, 0),
            (line([good.replacingOccurrences(of: #""timeUnixNano":"1771063200000000000","#, with: "")]), false, 1, 0),
            (line([event.replacingOccurrences(of: "ATTRS", with: #""not an array""#)]), true, 0, 0),
            (line(["3"]), true, 0, 0),
            (#"{"resourceLogs":{"scopeLogs":[]}}"#, true, 0, 0),
            (#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"eventName":7}]}]}]}"#, false, 0, 0),
        ]
        for (text, failsLine, skips, count) in cases {
            var decoder = OTLPDecoder()
            var records: [Record] = []
            let failure = Array(text.utf8).withUnsafeBytes { decoder.decode($0, line: 1, into: &records) }
            #expect((failure != nil) == failsLine, "\(text)")
            #expect(decoder.skipped.count == skips, "\(text)")
            #expect(records.count == count, "\(text)")
        }
    }

    /// Through a source, a skipped event is counted as malformed with its
    /// reason, beside the samples of the same line.
    @Test func aSourceCountsSkippedEvaluations() {
        var source = LineSource(source: "evals.otlp", format: .otlp, maxLineBytes: 1 << 20)
        var records: [Record] = []
        Array(otlpEvaluationExample.utf8).withUnsafeBytes { _ = source.buffer.append($0) }
        source.finish { records.append($0) }
        #expect(records.count == 3)
        #expect(source.tracker.health.malformed == 1)
        #expect(source.tracker.health.lastError?.contains("somewhat") == true)
    }
}
