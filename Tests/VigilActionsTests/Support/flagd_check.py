#!/usr/bin/env python3
"""Second opinion on a flag file Vigil wrote: schema and the real evaluator.

Usage: flagd_check.py SCHEMA_DIR FLAG_FILE FLAG [TARGETING_KEY ...]

Prints one JSON object:
  {"valid": bool, "errors": [str], "results": {key: {"variant", "value", "reason", "error"}}}
where key "" is an evaluation without a targeting key. Exit 0 when it could
check (whatever the verdict), 3 when a needed package is missing.

(a) validates against SCHEMA_DIR/flags.json with targeting.json registered
    under the URI "./targeting.json" (how flags.json refers to it);
(b) evaluates FLAG with the OpenFeature flagd provider in FILE mode, set with
    set_provider_and_wait (plain set_provider answers PROVIDER_NOT_READY first).
"""
import json
import os
import sys

PIP = "pip install jsonschema openfeature-sdk openfeature-provider-flagd"

try:
    import jsonschema
    from referencing import Registry, Resource
    from openfeature import api
    from openfeature.evaluation_context import EvaluationContext
    from openfeature.contrib.provider.flagd import FlagdProvider
    from openfeature.contrib.provider.flagd.config import ResolverType
except ImportError as e:  # the Swift test turns this into a failure with the fix
    print(f"MISSING Python package ({e}); install with: {PIP}", file=sys.stderr)
    sys.exit(3)


def validate(schema_dir, doc):
    with open(os.path.join(schema_dir, "flags.json")) as f:
        flags_schema = json.load(f)
    with open(os.path.join(schema_dir, "targeting.json")) as f:
        targeting_schema = json.load(f)
    registry = Registry().with_resource("./targeting.json", Resource.from_contents(targeting_schema))
    validator = jsonschema.Draft7Validator(flags_schema, registry=registry)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


def evaluate(path, flag, variants, keys):
    api.set_provider_and_wait(FlagdProvider(resolver_type=ResolverType.FILE, offline_flag_source_path=path))
    client = api.get_client()
    sample = next(iter(variants.values()), None)
    if isinstance(sample, bool):
        get, default = client.get_boolean_details, False
    elif isinstance(sample, str):
        get, default = client.get_string_details, "__code_default__"
    elif isinstance(sample, (int, float)):
        get, default = client.get_float_details, -1.0
    else:
        get, default = client.get_object_details, {}
    results = {}
    for key in keys:
        ctx = EvaluationContext(targeting_key=key) if key else EvaluationContext()
        d = get(flag, default, ctx)
        results[key] = {
            "variant": d.variant,
            "value": d.value,
            "reason": str(d.reason.value if hasattr(d.reason, "value") else d.reason),
            "error": str(d.error_code.value) if d.error_code else None,
        }
    return results


def main():
    schema_dir, path, flag, *keys = sys.argv[1:]
    with open(path) as f:
        doc = json.load(f)
    out = {"valid": False, "errors": [], "results": {}}
    out["errors"] = validate(schema_dir, doc)
    out["valid"] = not out["errors"]
    variants = doc.get("flags", {}).get(flag, {}).get("variants", {})
    out["results"] = evaluate(path, flag, variants, keys)
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    # The provider's file watcher is a non-daemon thread; do not wait for it.
    os._exit(0)


if __name__ == "__main__":
    main()
