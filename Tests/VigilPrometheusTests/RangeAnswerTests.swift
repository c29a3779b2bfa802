import Testing
import VigilCore
@testable import VigilPrometheus

/// The server's answer is hostile input: every shape is checked, and what
/// cannot be read is an error or a counted, skipped point, never a crash.
@Suite struct RangeAnswerTests {
    func decode(_ text: String) -> Result<RangeAnswer, PrometheusError> { RangeAnswer.decode(Array(text.utf8)) }

    @Test func aMatrixBecomesSeriesWithNameLabelsAndPoints() throws {
        var answer = try decode(matrixBody(series: 2, points: 3, start: 1_771_063_200, step: 15)).get()
        #expect(answer.series.count == 2)
        #expect(answer.series[0].name == "quality_score")
        #expect(answer.series[0].labels["deployment"] == "d0")
        #expect(answer.series[0].labels["__name__"] == nil)
        #expect(answer.series[0].times == [1_771_063_200_000, 1_771_063_215_000, 1_771_063_230_000])
        let records = timeOrdered(answer.records(metric: "quality.score"))
        #expect(records.count == 6)
        guard case .sample(let s) = records[1] else { Issue.record("not a sample"); return }
        #expect(s.metric == "quality.score" && s.labels["deployment"] == "d1" && s.value == 0.9)
    }

    @Test func nanAndInfinityStringsAreValuesButOverflowingNumbersAreSkippedAndCounted() throws {
        let body = #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"m"},"values":[[1,"NaN"],[2,"+Inf"],[3,"-Inf"],[4,"1e999"],[5,"abc"],[6,"0.5"],[7.25,"1"]]}]}}"#
        let answer = try decode(body).get()
        let values = answer.series[0].values
        #expect(values.count == 5)
        #expect(values[0].isNaN && values[1] == .infinity && values[2] == -.infinity && values[3] == 0.5)
        #expect(answer.series[0].times.last == 7_250)
        #expect(answer.problemCount == 2)
        #expect(answer.problems.contains { $0.contains("out of range") })
        #expect(answer.problems.contains { $0.contains("not a number") })
    }

    @Test func errorsWarningsAndWrongShapesAreSaidInWords() throws {
        let server = decode(#"{"status":"error","errorType":"bad_data","error":"parse error at char 3"}"#)
        #expect(server.failure == .server(kind: "bad_data", message: "parse error at char 3"))
        #expect(decode("<html>502</html>").failure.map { "\($0)" }?.contains("not JSON") == true)
        #expect(decode("[1,2]").failure == .badResponse("the body is not a JSON object"))
        #expect(decode(#"{"status":"success"}"#).failure.map { "\($0)" }?.contains("data.resultType") == true)
        #expect(decode(#"{"status":"success","data":{"resultType":"string","result":[1,"x"]}}"#).failure != nil)
        let partial = try decode(#"{"status":"success","warnings":["store eu-1 unavailable: partial response"],"data":{"resultType":"matrix","result":[]}}"#).get()
        #expect(partial.warnings == ["store eu-1 unavailable: partial response"])
        let badLabel = try decode(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":1},"values":[[1,"1"]]}]}}"#).get()
        #expect(badLabel.series.isEmpty && badLabel.problemCount == 1)
        let vector = try decode(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up"},"value":[10,"1"]}]}}"#).get()
        #expect(vector.series.first?.times == [10_000])
    }

    @Test func controlCharactersFromTheServerNeverReachTheScreenAsCodes() {
        let e = decode("{\"status\":\"error\",\"errorType\":\"x\",\"error\":\"\\u001b[2Jgone\"}").failure
        #expect(e.map { "\($0)" }?.contains("\u{1B}") == false)
    }

    @Test func seriesWithoutANameNeedTheQueryToNameThem() throws {
        var answer = try decode(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"deployment":"a"},"values":[[1,"1"]]}]}}"#).get()
        #expect(answer.records(metric: nil).isEmpty)
        #expect(answer.problemCount == 1)
        #expect(answer.records(metric: "errors.rate").count == 1)
    }
}

extension Result {
    var failure: Failure? { if case .failure(let f) = self { return f }; return nil }
}
