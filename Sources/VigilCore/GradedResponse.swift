/// What the judgment layer knows about one detected problem.
struct Situation {
    var family: SignalFamily
    var isBelief: Bool
    var noData: Bool
    var group: String
    var scope: Scope
    /// The change blamed (`Blame`: the recent change whose timing best
    /// explains the failure, if any does), the state of its flag, and the
    /// flag's role.
    var deploy: (event: DeployEvent, flag: FlagState?, role: FlagRole)?
    var flagsInGroup: [FlagSpec]
    var flagStates: [FlagState]
    var recentChange: Duration
    /// Requests per minute on the failing scope, when the data says.
    var requestsPerMinute: Double? = nil
    /// The policy's cost of each response, in failed requests.
    var costs: [ResponseKind: Double] = ResponseCost.defaults
    /// How long escalation leaves the failure going: the wait for a person.
    var personWait: Duration = .minutes(15)

    /// The problem's cause: proposals are opened, joined and muted by it.
    /// Belief drift blames no change (rolling one back does not reset what
    /// an agent believes), so its cause has none.
    var cause: Cause {
        let mode = GradedResponse.classify(self)
        let change = mode == .agentBeliefDrift ? nil
            : deploy.map { Cause.Change(flag: $0.event.flag, variant: $0.event.to) }
        return Cause(group: group, change: change, mode: mode)
    }

    /// True when the failing scope is the canary's traffic: the comparison,
    /// or a variant that is the canary (or named like one).
    func isOnCanary(_ canary: String) -> Bool {
        switch scope {
        case .canaryVsBaseline: return true
        case .variant(let v): return v.hasPrefix("canary") || v == canary
        case .all, .belief, .beforeVsAfter: return false
        }
    }
}

/// The judgment layer: classifies the failure mode and ranks graduated
/// responses by blast radius and by the cost of reverting versus degrading.
/// The rules are documented, with a worked example each, in docs/policy.md.
enum GradedResponse {
    struct Ranking {
        var mode: FailureMode
        var ranked: [Alternative]
        /// Responses deliberately not proposed, with the reason (shown to the operator).
        var excluded: [Alternative]
        var blastRadius: BlastRadius
        var notes: [ProposalNote]
    }

    static func rank(_ s: Situation) -> Ranking {
        let mode = classify(s)
        var ranked: [Alternative] = []
        var excluded: [Alternative] = []
        var notes: [ProposalNote] = []
        let escalate = ActionIntent(kind: .escalate, summary: .escalate(group: s.group))
        var traffic = 100.0

        switch mode {
        case .agentBeliefDrift:
            for f in s.flagsInGroup where f.role == .capability {
                ranked.append(Alternative(
                    action: ActionIntent(kind: .restrict, flag: f.name, variant: f.offVariant,
                                         summary: .turnOff(flag: f.name)),
                    reason: .stopsActingOnFalseBelief))
            }
            ranked.append(Alternative(action: escalate, reason: .personMustCorrectBelief))
            excluded.append(Alternative(
                action: ActionIntent(kind: .rollback, summary: .rollbackNotProposed(flag: nil)),
                reason: .rollbackKeepsBeliefs))
            notes.append(.falseBeliefStaysInMemory)

        case _ where s.noData:
            ranked.append(Alternative(action: escalate, reason: .silenceEscalates))

        case .infrastructure, .qualityRegression:
            guard let d = s.deploy else {
                ranked += degradeOrShift(s)
                ranked.append(Alternative(action: escalate, reason: .noRecentChangeToBlame))
                excluded.append(noRollback(s))
                break
            }
            var shift: Alternative?
            if let fs = d.flag, let canary = fs.canary, fs.canaryPercent > 0 {
                traffic = s.isOnCanary(canary) ? fs.canaryPercent : 100
                shift = Alternative(
                    action: ActionIntent(kind: .trafficShift, flag: fs.flag, variant: fs.primary,
                                         weights: [VariantWeight(fs.primary, 100), VariantWeight(canary, 0)],
                                         summary: .shiftCanaryToZero(flag: fs.flag)),
                    reason: .shiftStopsExposure)
            }
            var rollback: Alternative?
            if let from = d.event.from {
                rollback = Alternative(
                    action: ActionIntent(kind: .rollback, flag: d.event.flag, variant: from,
                                         summary: .rollback(flag: d.event.flag, to: from)),
                    reason: mode == .infrastructure ? .rollbackIsTheFloor : .rollbackCostsTheRollout)
            }
            if mode == .infrastructure {
                ranked += [rollback, shift].compactMap { $0 }
            } else {
                ranked += [shift, rollback].compactMap { $0 }
            }
            ranked.append(Alternative(action: escalate, reason: .escalationChangesNothing))

        case .dataDrift, .behavioralDegradation:
            ranked += degradeOrShift(s)
            ranked.append(Alternative(action: escalate,
                                      reason: ranked.isEmpty ? .nothingChangedToRevert : .inputsChanged))
            excluded.append(noRollback(s))
        }
        // The infrastructure floor and restriction under belief drift stay
        // first whatever the numbers; the rest go by cost.
        let pinned = (mode == .infrastructure && s.deploy != nil && !s.noData && ranked.first?.action.kind == .rollback)
            || (mode == .agentBeliefDrift && ranked.first?.action.kind == .restrict)
        return Ranking(mode: mode, ranked: byCost(ranked, s, pinnedFirst: pinned), excluded: excluded,
                       blastRadius: BlastRadius(trafficPercent: traffic, requestsPerMinute: s.requestsPerMinute,
                                                deployments: [s.group]),
                       notes: notes)
    }

    /// Orders responses by declared cost plus the failing requests each lets
    /// through (docs/policy.md, "Cost ranking"); a pinned first stays first,
    /// ties and unknowns keep the rules' order. Escalation that comes first
    /// among actions says why.
    static func byCost(_ ranked: [Alternative], _ s: Situation, pinnedFirst: Bool) -> [Alternative] {
        var costed = ranked.enumerated().map { i, a -> Alternative in
            var a = a
            let wait: Duration = a.action.kind == .escalate ? s.personWait : .zero
            a.cost = ResponseCost(declared: s.costs[a.action.kind] ?? ResponseCost.defaults[a.action.kind] ?? 0,
                                  failingPerMinute: s.requestsPerMinute, wait: wait, pinned: pinnedFirst && i == 0)
            return a
        }
        let head = pinnedFirst ? Array(costed.prefix(1)) : []
        let rest = costed.dropFirst(head.count).enumerated().sorted { x, y in
            let (a, b) = (x.element.cost?.total ?? .infinity, y.element.cost?.total ?? .infinity)
            return a != b ? a < b : x.offset < y.offset
        }.map(\.element)
        costed = head + rest
        if let first = costed.first, first.action.kind == .escalate, costed.count > 1,
           first.reason == .escalationChangesNothing || first.reason == .inputsChanged {
            costed[0].reason = .failureCostsLessThanActing
        }
        return costed
    }

    static func classify(_ s: Situation) -> FailureMode {
        if s.isBelief { return .agentBeliefDrift }
        switch s.family {
        case .infrastructure: return .infrastructure
        case .quality, .drift: return s.deploy != nil ? .qualityRegression : .dataDrift
        case .behavioral: return s.deploy != nil ? .qualityRegression : .behavioralDegradation
        }
    }

    private static func degradeOrShift(_ s: Situation) -> [Alternative] {
        var out: [Alternative] = []
        for f in s.flagsInGroup where f.role == .model {
            let state = s.flagStates.first { $0.flag == f.name }
            if let fb = f.fallbackVariant {
                out.append(Alternative(
                    action: ActionIntent(kind: .degrade, flag: f.name, variant: fb,
                                         summary: .degrade(flag: f.name, to: fb)),
                    reason: .fallbackServes))
            }
            if let secondary = f.secondaryVariant {
                let primary = state?.primary
                var weights = [VariantWeight(secondary, 100)]
                if let p = primary, p != secondary { weights.append(VariantWeight(p, 0)) }
                out.append(Alternative(
                    action: ActionIntent(kind: .trafficShift, flag: f.name, variant: secondary, weights: weights,
                                         summary: .shiftToSecondary(flag: f.name, to: secondary)),
                    reason: .secondaryCosts))
            }
        }
        return out
    }

    private static func noRollback(_ s: Situation) -> Alternative {
        Alternative(action: ActionIntent(kind: .rollback, summary: .rollbackNotProposed(flag: nil)),
                    reason: .noDeployToRevert(group: s.group, within: s.recentChange))
    }
}
