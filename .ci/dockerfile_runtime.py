"""Print the runtime stage of a Dockerfile (last stage) as JSON: env, workdir, user, command.

Used by .ci/image-steps to start the image's entry command outside Docker exactly as written,
and by the tests that check what each image variant runs. Handles the forms this project uses:
ENV k=v (with line continuations and $VAR expansion), WORKDIR, USER, ENTRYPOINT/CMD in exec
(JSON) form, and a last stage built FROM an earlier stage (``FROM engine-${VARIANT}``): the
global ARGs (before the first FROM) are expanded, ``--build-arg NAME=VALUE`` overrides them as
``docker build`` does, and the named stage's settings come first.

    python .ci/dockerfile_runtime.py Dockerfile [--build-arg VARIANT=cuda]
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys

_VAR = re.compile(r"\$\{?(\w+)\}?")


def _logical(text: str) -> list[str]:
    """The instructions, continuation lines joined, comments and blank lines dropped."""
    logical: list[str] = []
    buf = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        logical.append(buf + stripped)
        buf = ""
    return logical


def _stages(
    instructions: list[str], build_args: dict[str, str]
) -> list[tuple[str, str, list[str]]]:
    """(name, expanded base, instructions) of each stage; global ARGs expand the bases."""
    args: dict[str, str] = {}
    stages: list[tuple[str, str, list[str]]] = []
    for instruction in instructions:
        keyword, _, rest = instruction.partition(" ")
        if keyword.upper() == "FROM":
            words = [w for w in rest.split() if not w.startswith("--")]
            base = _VAR.sub(lambda m: args.get(m.group(1), ""), words[0])
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else ""
            stages.append((name, base, []))
        elif stages:
            stages[-1][2].append(instruction)
        elif keyword.upper() == "ARG":
            key, _, default = rest.strip().partition("=")
            args[key] = build_args.get(key, default)
    return stages


def parse(text: str, build_args: dict[str, str] | None = None) -> dict[str, object]:
    stages = _stages(_logical(text), build_args or {})
    by_name = {name: (base, body) for name, base, body in stages if name}
    # The last stage, preceded by the stages it is built from (oldest first).
    _, base, body = stages[-1]
    chain = [body]
    while base in by_name:
        base, parent = by_name[base]
        chain.insert(0, parent)
    env: dict[str, str] = {}
    out: dict[str, object] = {"env": env, "workdir": "/", "user": "root"}
    for instruction in (i for stage in chain for i in stage):
        keyword, _, rest = instruction.partition(" ")
        keyword = keyword.upper()
        if keyword == "ENV":
            for pair in shlex.split(rest):
                key, _, value = pair.partition("=")
                env[key] = _VAR.sub(lambda m: env.get(m.group(1), "$" + m.group(1)), value)
        elif keyword == "WORKDIR":
            out["workdir"] = rest.strip()
        elif keyword == "USER":
            out["user"] = rest.strip()
        elif keyword in ("ENTRYPOINT", "CMD"):
            out[keyword.lower()] = json.loads(rest)
    return out


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("dockerfile")
    cli.add_argument("--build-arg", action="append", default=[], metavar="NAME=VALUE")
    opts = cli.parse_args()
    given = dict(arg.partition("=")[::2] for arg in opts.build_arg)
    with open(opts.dockerfile) as fh:
        sys.stdout.write(json.dumps(parse(fh.read(), given), indent=2) + "\n")
