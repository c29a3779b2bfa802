import VigilCore
import VigilIngest
import VigilUI

extension StatusInfo {
    /// What a session shows before any data: every configured source (with
    /// zero counts, until its reader reports), every configured signal, and
    /// the policy's warnings as `vigil check` prints them, so a typo in a
    /// path or a key is visible at once instead of looking like a quiet system.
    mutating func describe(_ config: VigilConfig, policyFile: String?, listSources: Bool) {
        if listSources { sources = config.unreportedSources.map(SourceSummary.init) }
        configuredSignals = config.policy.signals.map {
            ConfiguredSignal(name: $0.name, metric: $0.metric, family: $0.family)
        }
        policyWarnings = config.warningLines(file: policyFile)
    }
}

extension VigilConfig {
    /// Every configured source as it stands before its reader reports: the
    /// metric files, the Prometheus-compatible servers (remote from the
    /// start, so none is ever drawn as a file) and the flag file, whose
    /// edits are deploys and whose bad edits are counted there.
    var unreportedSources: [SourceHealth] {
        sources.map { SourceHealth(source: $0.path) }
            + prometheus.map { SourceHealth(source: $0.name, remote: true) }
            + (flagFile.map { [SourceHealth(source: $0)] } ?? [])
    }

    /// The warnings as `vigil check` prints them: `FILE:LINE:COL: warning: …`.
    public func warningLines(file: String?) -> [String] {
        warnings.map { (file.map { $0 + ":" } ?? "") + $0.description }
    }
}
