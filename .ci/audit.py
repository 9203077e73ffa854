"""Dependency audit: pip-audit over the installed environment, findings triaged.

Fails on a known vulnerability that is not triaged in .ci/audit-triage.json (id -> reason).
If pip-audit's vulnerability service (PyPI's JSON API) answers for none of the packages (a
registry mirror without vulnerability data, or no network), it says so and passes: the audit
could not run here, which is not a finding.

    .venv/bin/python .ci/audit.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TRIAGE = Path(__file__).with_name("audit-triage.json")


def main() -> int:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--skip-editable",
            "--progress-spinner",
            "off",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit did not run (status {done.returncode}): {done.stderr.strip()[-500:]}")
        print("audit: SKIPPED, the vulnerability service is not reachable from here")
        return 0
    deps = report.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    if not audited:
        print(
            f"audit: SKIPPED, the vulnerability service answered for none of {len(deps)} "
            "packages (a registry mirror without vulnerability data, or no network)"
        )
        return 0
    triaged: dict[str, str] = json.loads(TRIAGE.read_text()) if TRIAGE.exists() else {}
    open_findings = []
    for dep in audited:
        for vuln in dep.get("vulns", []):
            ids = {vuln["id"], *vuln.get("aliases", [])}
            reason = next((triaged[i] for i in ids if i in triaged), None)
            line = f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {vuln['fix_versions']})"
            if reason:
                print(f"triaged  {line}: {reason}")
            else:
                open_findings.append(line)
    skipped = len(deps) - len(audited)
    print(f"audit: {len(audited)} packages audited, {skipped} not found by the service")
    for line in open_findings:
        print(f"FINDING  {line}")
    return 1 if open_findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
