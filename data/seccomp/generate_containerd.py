#!/usr/bin/env python3
"""Write containerd-default.json, a Docker-format model of containerd's default profile.

containerd builds its default profile in Go (contrib/seccomp/seccomp_default.go)
and ships no JSON. This script derives an equivalent Docker-format profile from
moby-default.json, applying the differences that containerd-default.json.NOTICE.md
lists, so that boxfit resolves it with the same engine as the other built-ins:
  * lsm_get_self_attr, lsm_list_modules and lsm_set_self_attr are allowed for
    every container instead of only with CAP_SYS_ADMIN;
  * riscv_hwprobe is allowed only on riscv64;
  * no defaultErrnoRet (the OCI default EPERM applies, which is the same errno);
  * arch_prctl only on amd64 and modify_ldt only on amd64 and 386, because
    containerd picks these by its own build architecture.
Everything else (socket, personality, clone and clone3 rules, capability and
kernel-version groups) is the same as in moby-default.json.

Usage: generate_containerd.py [--docker moby-default.json] [--out containerd-default.json]
"""

import argparse
import json
import os
import sys

LSM_NAMES = ["lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr"]
RISCV_ONLY = ["riscv_hwprobe"]


def unconditional_allow(syscalls):
    for rule in syscalls:
        if rule.get("action") == "SCMP_ACT_ALLOW" and not rule.get("args") and not rule.get("includes") \
                and not rule.get("excludes"):
            return rule
    raise SystemExit("moby-default.json has no unconditional SCMP_ACT_ALLOW rule")


def adjust_rule(rule):
    """Return the containerd form of one moby rule, or None to drop it."""
    rule = json.loads(json.dumps(rule))
    includes = rule.get("includes") or {}
    arches = includes.get("arches")
    names = rule.get("names", [])
    if includes.get("caps") == ["CAP_SYS_ADMIN"]:
        rule["names"] = [name for name in names if name not in LSM_NAMES]
    if arches == ["amd64", "x32"] and names == ["arch_prctl"]:
        includes["arches"] = ["amd64"]
    if arches == ["amd64", "x32", "x86"] and names == ["modify_ldt"]:
        includes["arches"] = ["amd64", "x86"]
    if arches == ["riscv64"]:
        rule["names"] = names + [name for name in RISCV_ONLY if name not in names]
    return rule if rule.get("names") else None


def build(docker):
    profile = {"defaultAction": "SCMP_ACT_ERRNO", "archMap": docker["archMap"], "syscalls": []}
    allow = unconditional_allow(docker["syscalls"])
    for rule in docker["syscalls"]:
        if rule is allow:
            names = [name for name in rule["names"] if name not in RISCV_ONLY]
            names = sorted(set(names) | set(LSM_NAMES))
            profile["syscalls"].append({"names": names, "action": "SCMP_ACT_ALLOW"})
            continue
        adjusted = adjust_rule(rule)
        if adjusted is not None:
            profile["syscalls"].append(adjusted)
    return profile


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docker", default=os.path.join(here, "moby-default.json"))
    parser.add_argument("--out", default=os.path.join(here, "containerd-default.json"))
    args = parser.parse_args()
    with open(args.docker) as f:
        docker = json.load(f)
    with open(args.out, "w") as f:
        json.dump(build(docker), f, indent="\t")
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
