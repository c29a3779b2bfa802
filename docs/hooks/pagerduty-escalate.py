#!/usr/bin/env python3
"""Vigil escalation hook: page on-call through the PagerDuty Events API v2.

Wire it in vigil.yaml (argv, no shell):

    hooks:
      escalate: ["/opt/vigil/hooks/pagerduty-escalate.py"]

Vigil runs it with the proposal as JSON on stdin and these variables set:
VIGIL_PROPOSAL_ID, VIGIL_ACTION, VIGIL_FLAG, VIGIL_GROUP, VIGIL_SIGNAL,
VIGIL_SUMMARY. The routing key comes from VIGIL_PAGERDUTY_ROUTING_KEY
(an Events API v2 integration key); keep it out of vigil.yaml.

With --dry-run, or when no routing key is set, it prints the payload it
would send and exits 0, so the hook can be tested on a laptop.

The dedup_key is derived from the proposal id and group, so a retried or
duplicated escalation of the same proposal updates one incident instead of
paging twice. Standard library only.
"""
import json
import os
import sys
import urllib.error
import urllib.request

ENDPOINT = "https://events.pagerduty.com/v2/enqueue"
SEVERITIES = {"infrastructure": "critical", "quality_regression": "error",
              "behavioral_degradation": "error", "agent_belief_drift": "error", "data_drift": "warning"}


def build_payload(proposal, env):
    pid = env.get("VIGIL_PROPOSAL_ID") or proposal.get("id") or "unknown"
    group = env.get("VIGIL_GROUP") or proposal.get("group") or "unknown"
    summary = env.get("VIGIL_SUMMARY") or proposal.get("summary") or proposal.get("title") or "Vigil escalation"
    evidence = proposal.get("evidence") or []
    details = {
        "proposal": pid,
        "action": env.get("VIGIL_ACTION") or proposal.get("kind"),
        "flag": env.get("VIGIL_FLAG") or proposal.get("target") or None,
        "signal": env.get("VIGIL_SIGNAL") or proposal.get("signal"),
        "failure_mode": proposal.get("failure_mode"),
        "evidence": [
            {k: e.get(k) for k in ("signal", "metric", "value", "baseline", "threshold", "statistic", "deploy") if k in e}
            for e in evidence[:5]
        ],
    }
    # The decision ledger's end when this page was sent: keeps a copy off the
    # machine for `vigil ledger verify --expect-head` (absent before the first record).
    head = proposal.get("ledger_head") or env.get("VIGIL_LEDGER_HEAD")
    if head:
        details["ledger_head"] = head
    return {
        "routing_key": env.get("VIGIL_PAGERDUTY_ROUTING_KEY", ""),
        "event_action": "trigger",
        "dedup_key": f"vigil-{group}-{pid}",
        "payload": {
            # PagerDuty truncates summaries at 1024 characters.
            "summary": f"[vigil] {group}: {summary}"[:1024],
            "source": f"vigil/{group}",
            "severity": SEVERITIES.get(proposal.get("failure_mode"), "error"),
            "component": group,
            "group": group,
            "class": proposal.get("failure_mode") or "unknown",
            "custom_details": details,
        },
    }


def main(argv, env, stdin):
    dry_run = "--dry-run" in argv[1:] or not env.get("VIGIL_PAGERDUTY_ROUTING_KEY")
    raw = stdin.read()
    try:
        proposal = json.loads(raw) if raw.strip() else {}
    except json.JSONDecodeError as e:
        print(f"proposal on stdin is not JSON ({e}); paging with the environment only", file=sys.stderr)
        proposal = {}
    payload = build_payload(proposal if isinstance(proposal, dict) else {}, env)
    if dry_run:
        shown = dict(payload, routing_key="<unset>" if not payload["routing_key"] else "<redacted>")
        print("dry run, not sent: " + json.dumps(shown, sort_keys=True))
        return 0
    request = urllib.request.Request(ENDPOINT, data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = json.loads(response.read() or b"{}")
            print(f"paged: {body.get('status', 'ok')} dedup_key={body.get('dedup_key', payload['dedup_key'])}")
            return 0
    except urllib.error.HTTPError as e:
        print(f"PagerDuty refused the event: HTTP {e.code} {e.read()[:300]!r}; check VIGIL_PAGERDUTY_ROUTING_KEY", file=sys.stderr)
    except (urllib.error.URLError, OSError) as e:
        print(f"could not reach PagerDuty ({e}); page on-call by hand", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv, os.environ, sys.stdin))
