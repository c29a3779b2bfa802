#!/usr/bin/env python3
"""Vigil escalation hook: page on-call through the PagerDuty Events API v2.

Wire it in vigil.yaml (argv, no shell), one hook per rung of the ladder:

    escalation:
      - {after: 15m, hook: page-primary}
      - {after: 30m, hook: page-secondary}
      - {repeat: 30m}
    hooks:
      page-primary: ["hooks/pagerduty-escalate.py", "--endpoint", "https://events.pagerduty.com/v2/enqueue"]
      page-secondary: ["hooks/pagerduty-escalate.py", "--endpoint", "https://events.pagerduty.com/v2/enqueue",
                       "--routing-key-env", "PD_SECONDARY_ROUTING_KEY"]

Vigil runs it with the proposal as JSON on stdin and these variables set:
VIGIL_PROPOSAL_ID, VIGIL_ACTION, VIGIL_FLAG, VIGIL_GROUP, VIGIL_SIGNAL,
VIGIL_SUMMARY, and for pages VIGIL_EVENT (trigger or resolve),
VIGIL_DEDUP_KEY, VIGIL_ESCALATION_STEP and VIGIL_ESCALATION_HOOK.

The routing key comes from the environment: VIGIL_PAGERDUTY_ROUTING_KEY, or
the variable --routing-key-env names (an Events API v2 integration key; keep
it out of vigil.yaml). The endpoint comes from --endpoint or
VIGIL_PAGERDUTY_ENDPOINT; nothing is built in, so an EU account, a proxy or
a test server is one argument away.

With --dry-run, or when no routing key is set, it prints the payload it
would send and exits 0, so the hook can be tested on a laptop.

Every page and resolve of one proposal carries the same dedup_key
(VIGIL_DEDUP_KEY, else derived from the group and proposal id), so a re-page
updates one incident and the resolve closes it. Standard library only.
"""
import json
import os
import sys
import urllib.error
import urllib.request

ROUTING_KEY_ENV = "VIGIL_PAGERDUTY_ROUTING_KEY"
ENDPOINT_ENV = "VIGIL_PAGERDUTY_ENDPOINT"
SEVERITIES = {"infrastructure": "critical", "quality_regression": "error",
              "behavioral_degradation": "error", "agent_belief_drift": "error", "data_drift": "warning"}


def option(argv, name):
    """The value after `name` in argv, or None."""
    args = argv[1:]
    for i, a in enumerate(args):
        if a == name and i + 1 < len(args):
            return args[i + 1]
        if a.startswith(name + "="):
            return a[len(name) + 1:]
    return None


def build_payload(proposal, env, routing_key=None):
    pid = env.get("VIGIL_PROPOSAL_ID") or proposal.get("id") or "unknown"
    group = env.get("VIGIL_GROUP") or proposal.get("group") or "unknown"
    dedup_key = env.get("VIGIL_DEDUP_KEY") or f"vigil-{group}-{pid}"
    if routing_key is None:
        routing_key = env.get(ROUTING_KEY_ENV, "")
    if env.get("VIGIL_EVENT") == "resolve":
        # A resolve names the incident by its dedup key; nothing else is read.
        return {"routing_key": routing_key, "event_action": "resolve", "dedup_key": dedup_key}
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
        "routing_key": routing_key,
        "event_action": "trigger",
        "dedup_key": dedup_key,
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
    key_env = option(argv, "--routing-key-env") or ROUTING_KEY_ENV
    routing_key = env.get(key_env, "")
    endpoint = option(argv, "--endpoint") or env.get(ENDPOINT_ENV, "")
    dry_run = "--dry-run" in argv[1:] or not routing_key
    raw = stdin.read()
    try:
        proposal = json.loads(raw) if raw.strip() else {}
    except json.JSONDecodeError as e:
        print(f"proposal on stdin is not JSON ({e}); paging with the environment only", file=sys.stderr)
        proposal = {}
    payload = build_payload(proposal if isinstance(proposal, dict) else {}, env, routing_key)
    if dry_run:
        shown = dict(payload, routing_key="<unset>" if not payload["routing_key"] else "<redacted>")
        print("dry run, not sent: " + json.dumps(shown, sort_keys=True))
        return 0
    if not endpoint.startswith(("https://", "http://")):
        print(f"no PagerDuty endpoint: pass --endpoint URL in the hook's argv or set {ENDPOINT_ENV} "
              "(the Events API v2 enqueue URL of your account); nothing was sent, page on-call by hand", file=sys.stderr)
        return 2
    request = urllib.request.Request(endpoint, data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = json.loads(response.read() or b"{}")
            what = "resolved" if payload["event_action"] == "resolve" else "paged"
            print(f"{what}: {body.get('status', 'ok')} dedup_key={body.get('dedup_key', payload['dedup_key'])}")
            return 0
    except urllib.error.HTTPError as e:
        print(f"PagerDuty refused the event: HTTP {e.code} {e.read()[:300]!r}; check {key_env}", file=sys.stderr)
    except (urllib.error.URLError, OSError, ValueError) as e:
        print(f"could not reach PagerDuty at {endpoint} ({e}); page on-call by hand", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv, os.environ, sys.stdin))
