import Glibc
import VigilCore
import VigilSystem

/// Carries out an ActionIntent on a flagd flag file.
///
/// Only the edited flag's text changes: the file is parsed with an
/// order-preserving parser, the one flag object is re-rendered (its keys in
/// their original order, indented like the original) and spliced back, so
/// every other flag, key, comment-free byte and number spelling in the file
/// stays byte-identical. That keeps GitOps diffs to the lines that matter.
///
/// The write is atomic: a temp file in the same directory is written and
/// fsync'd, renamed over the original, and the directory fsync'd, so flagd and
/// providers watching the file see either the old or the new content, never
/// half. The file's mode is kept; a symlinked path (e.g. a ConfigMap mount)
/// is resolved and its target replaced. Vigil processes editing files in the
/// same directory serialize on an flock of that directory, and a change made
/// by anything else between Vigil's read and its rename aborts the write.
public struct FlagFileAction: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// Returns a one-line human outcome, e.g.
    /// "support-agent.model: v2 10% → 0%, v1 90% → 100% (v1 serves 100%)".
    /// Throws a FlagActionError (file untouched) whose description says what to do.
    /// `willWrite` sees the new bytes just before they replace the file, so
    /// whoever follows the file can tell Vigil's own write from someone else's.
    public func perform(_ intent: ActionIntent, willWrite: ([UInt8]) -> Void = { _ in }) throws -> String {
        guard let flagName = intent.flag else { throw FlagActionError.noFlagInIntent(kind: intent.kind.rawValue) }
        if intent.kind == .escalate { throw FlagActionError.noFlagInIntent(kind: intent.kind.rawValue) }
        guard let real = Posix.realPath(path) else {
            throw FlagActionError.fileUnreadable(path: path, reason: String(cString: strerror(errno)))
        }
        let dir = Posix.directory(of: real)
        let dirFD: Int32
        do { dirFD = try Posix.open(dir, O_RDONLY | O_DIRECTORY) } catch {
            throw FlagActionError.fileUnreadable(path: path, reason: "\(error)")
        }
        defer { close(dirFD) }
        // Serializes Vigil processes editing this directory; best effort
        // (some filesystems refuse flock), the re-read below still guards.
        try? Posix.flock(dirFD, LOCK_EX, path: dir)

        let (original, mode) = try read(real)
        let edited = try FlagFileAction.edit(original, intent: intent, flag: flagName, path: path)
        guard edited.bytes != original else { return edited.summary + " (file already so, unchanged)" }

        // Someone else (a person, a GitOps sync) may have written meanwhile.
        guard (try? read(real).0) == original else { throw FlagActionError.changedWhileEditing(path: path) }
        willWrite(edited.bytes)
        do {
            try AtomicFile.replace(real, dirFD: dirFD, with: edited.bytes, mode: mode)
        } catch {
            throw FlagActionError.writeFailed(path: path, reason: "\(error)")
        }
        return edited.summary
    }

    private func read(_ real: String) throws -> ([UInt8], mode_t) {
        do {
            let fd = try Posix.openRegular(real, O_RDONLY)
            defer { close(fd) }
            return (try Posix.readAll(fd, path: real), try Posix.mode(fd, path: real))
        } catch {
            throw FlagActionError.fileUnreadable(path: path, reason: "\(error)")
        }
    }

    /// The whole-file edit, pure: new bytes and the human summary.
    static func edit(_ bytes: [UInt8], intent: ActionIntent, flag: String, path: String) throws -> (bytes: [UInt8], summary: String) {
        let root: JSONNode
        do { root = try JSONParser.parse(bytes) } catch {
            throw FlagActionError.invalidJSON(path: path, reason: "\(error)")
        }
        guard let flags = root["flags"] else { throw FlagActionError.noFlags(path: path) }
        let old: JSONNode
        switch flags.value {
        case .object(let members):
            guard let m = members.last(where: { $0.key == flag }) else {
                throw FlagActionError.flagNotFound(flag: flag, path: path, known: members.map(\.key))
            }
            old = m.value
        case .array(let elements):
            // flagd's array form: each flag carries its own "key".
            guard let e = elements.last(where: { $0["key"]?.stringValue == flag }) else {
                throw FlagActionError.flagNotFound(flag: flag, path: path, known: elements.compactMap { $0["key"]?.stringValue })
            }
            old = e
        default:
            throw FlagActionError.noFlags(path: path)
        }
        guard old.members != nil else { throw FlagActionError.flagNotFound(flag: flag, path: path, known: []) }
        let (new, summary) = try FlagEdit(flagName: flag).apply(intent, to: old)
        if new.withoutRanges == old.withoutRanges { return (bytes, summary) }

        let text = render(new, replacing: old.range, in: bytes)
        var out = Array(bytes[..<old.range.lowerBound])
        out += Array(text.utf8)
        out += Array(bytes[old.range.upperBound...])
        return (out, summary)
    }

    /// Renders the edited flag to sit where the old one was: same line indent,
    /// the file's own indent unit, single-line if the old flag was.
    private static func render(_ node: JSONNode, replacing range: Range<Int>, in bytes: [UInt8]) -> String {
        let lineStart = bytes[..<range.lowerBound].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let base = String(decoding: bytes[lineStart..<range.lowerBound].prefix { $0 == 0x20 || $0 == 0x09 }, as: UTF8.self)
        let old = bytes[range]
        var renderer = JSONRenderer()
        if !old.contains(0x0A) {
            renderer.compact = true
        } else if let nl = old.firstIndex(of: 0x0A) {
            let inner = old[(nl + 1)...].prefix { $0 == 0x20 || $0 == 0x09 }
            if inner.count > base.utf8.count {
                renderer.unit = String(decoding: inner.dropFirst(base.utf8.count), as: UTF8.self)
            }
        }
        return renderer.render(node, base: base)
    }
}

extension JSONNode {
    /// The same value with every source range cleared, for semantic comparison.
    var withoutRanges: JSONNode {
        switch value {
        case .object(let m): return JSONNode(.object(m.map { JSONMember(key: $0.key, value: $0.value.withoutRanges) }))
        case .array(let a): return JSONNode(.array(a.map(\.withoutRanges)))
        default: return JSONNode(value)
        }
    }
}
