import Testing
@testable import VigilApp

/// A label in the Markdown export stays text in its cell or list item.
@Suite struct MarkdownTextTests {
    @Test func punctuationIsEscapedAndLinesJoined() {
        #expect(MarkdownText.inline("a|b`c<script>*d*[x](y)\nnext") == #"a\|b\`c\<script>\*d\*\[x\](y) next"#)
        #expect(MarkdownText.inline("policy:auto_after") == "policy:auto_after")
        #expect(MarkdownText.inline("_lead") == #"\_lead"#)
        #expect(MarkdownText.inline("plain text 0.24 > 0.1") == "plain text 0.24 > 0.1")
    }

    @Test func codeSpansCannotBeClosedFromInside() {
        #expect(MarkdownText.code("error-rate") == "`error-rate`")
        #expect(MarkdownText.code("a``b") == "```a``b```")
        #expect(MarkdownText.code("`x") == "`` `x ``")
        #expect(MarkdownText.code("a|b\u{1b}[2J") == #"`a\|b␛`"#)
    }
}
