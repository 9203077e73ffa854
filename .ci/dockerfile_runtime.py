"""Print the runtime stage of a Dockerfile (last stage) as JSON: env, workdir, user, command.

Used by .ci/image-steps to start the image's entry command outside Docker exactly as written.
Handles the forms this project uses: ENV k=v (with line continuations and $VAR expansion),
WORKDIR, USER, ENTRYPOINT/CMD in exec (JSON) form.
"""

from __future__ import annotations

import json
import re
import shlex
import sys


def parse(text: str) -> dict[str, object]:
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
    stages: list[list[str]] = []
    for instruction in logical:
        if instruction.upper().startswith("FROM "):
            stages.append([])
        elif stages:
            stages[-1].append(instruction)
    env: dict[str, str] = {}
    out: dict[str, object] = {"env": env, "workdir": "/", "user": "root"}
    for instruction in stages[-1]:
        keyword, _, rest = instruction.partition(" ")
        keyword = keyword.upper()
        if keyword == "ENV":
            for pair in shlex.split(rest):
                key, _, value = pair.partition("=")
                env[key] = re.sub(
                    r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), "$" + m.group(1)), value
                )
        elif keyword == "WORKDIR":
            out["workdir"] = rest.strip()
        elif keyword == "USER":
            out["user"] = rest.strip()
        elif keyword in ("ENTRYPOINT", "CMD"):
            out[keyword.lower()] = json.loads(rest)
    return out


if __name__ == "__main__":
    with open(sys.argv[1]) as fh:
        sys.stdout.write(json.dumps(parse(fh.read()), indent=2) + "\n")
