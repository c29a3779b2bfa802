import VigilCore
import VigilIngest
import VigilUI

extension StatusInfo {
    /// What a session shows before any data: every configured source (with
    /// zero counts, until its reader reports), every configured signal, and
    /// the policy's warnings as `vigil check` prints them, so a typo in a
    /// path or a key is visible at once instead of looking like a quiet system.
    mutating func describe(_ config: VigilConfig, policyFile: String?, listSources: Bool) {
        if listSources {
            // The flag file too: its edits are deploys, and a bad edit is counted there.
            let paths = config.sources.map(\.path) + (config.flagFile.map { [$0] } ?? [])
            sources = paths.map { SourceSummary(SourceHealth(source: $0)) }
        }
        configuredSignals = config.policy.signals.map {
            ConfiguredSignal(name: $0.name, metric: $0.metric, family: $0.family)
        }
        policyWarnings = config.warningLines(file: policyFile)
    }
}

extension VigilConfig {
    /// The warnings as `vigil check` prints them: `FILE:LINE:COL: warning: …`.
    public func warningLines(file: String?) -> [String] {
        warnings.map { (file.map { $0 + ":" } ?? "") + $0.description }
    }
}
