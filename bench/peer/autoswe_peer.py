#!/usr/bin/python3
"""A seed-equivalent peer for the start-up benchmarks (bench/peer.mjs): a small Click + rich program that
does what the seed's `status` and `verdicts` do, reading the same runtime files the way the seed describes
(docs/RUNTIME.md): state.json, parity counts from parity.json, heartbeat age, the last verdict, pending
rules, the pause sentinels, the GPU through nvidia-smi, the model proxy's /health with a short timeout, and
the service through `systemctl --user show`, as the seed asks systemd.

It is written to be a fair, not a slow, peer: lazy imports in the command bodies (rich only where it
prints), VERDICTS read from its end, the proxy asked with http.client rather than a heavier HTTP library.

Needs the system Python 3 with Debian's python3-click and python3-rich (PyPI is not reachable on the
build machines): `apt-get install python3-click python3-rich`. Not part of autoswe; never shipped.

Usage: autoswe_peer.py status [--json] | verdicts [-n N] [--json]   (in a workspace, or AUTOSWE_REPO_ROOT)
"""

import importlib.util
import sys

for _name in ("click", "rich"):
    if importlib.util.find_spec(_name) is None:
        sys.stderr.write(
            f"autoswe-peer: the Python module '{_name}' is missing: "
            "apt-get install python3-click python3-rich (Debian packages), then run it with /usr/bin/python3\n"
        )
        sys.exit(2)

import json  # noqa: E402
import os  # noqa: E402

import click  # noqa: E402

def unit_names(root):
    """The workspace's template instances (docs/RUNTIME.md section 18): its `name:`, else the folder's name."""
    name = os.path.basename(root)
    try:
        with open(os.path.join(root, "autoswe.yaml"), encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("name:"):
                    name = line.split(":", 1)[1].strip().strip("'\"") or name
                    break
    except OSError:
        pass
    return (f"autoswe@{name}.service", f"autoswe-watchdog@{name}.timer", f"autoswe-meta-judge@{name}.timer")


def workspace_root():
    root = os.environ.get("AUTOSWE_REPO_ROOT")
    if root:
        return root
    here = os.getcwd()
    while True:
        if os.path.isfile(os.path.join(here, "autoswe.yaml")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            raise click.ClickException("not inside an autoswe workspace (no autoswe.yaml here or above)")
        here = parent


def runtime_dir(root):
    return os.environ.get("AUTOSWE_RUNTIME_DIR") or os.path.join(root, ".autoswe")


def read_json(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return {"kind": "ok", "value": json.load(handle)}
    except FileNotFoundError:
        return {"kind": "missing"}
    except (OSError, ValueError) as error:
        return {"kind": "corrupt", "message": str(error)}


def last_lines(path, count):
    """The last `count` lines of a JSON Lines file, read from its end in 64 KiB steps."""
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return []
    with handle:
        handle.seek(0, os.SEEK_END)
        end = handle.tell()
        data = b""
        while end > 0 and data.count(b"\n") <= count:
            step = min(65536, end)
            end -= step
            handle.seek(end)
            data = handle.read(step) + data
    lines = [line for line in data.split(b"\n") if line.strip()]
    out = []
    for line in lines[-count:]:
        try:
            out.append(json.loads(line))
        except ValueError:
            pass
    return out


def parity_counts(runtime):
    parity = read_json(os.path.join(runtime, "parity.json"))
    if parity["kind"] != "ok":
        return parity
    green = red = 0
    for module in parity["value"].get("modules", {}).values():
        for cell in module.get("cells", {}).values():
            if cell.get("status") == "GREEN":
                green += 1
            else:
                red += 1
    return {"kind": "ok", "green": green, "red": red}


def pending_rules(runtime):
    proposals, decided = set(), set()
    try:
        with open(os.path.join(runtime, "RULES_QUEUE"), encoding="utf-8") as handle:
            for line in handle:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                (proposals if event.get("type") == "proposal" else decided).add(event.get("id"))
    except FileNotFoundError:
        pass
    return len(proposals - decided)


def heartbeat_age(runtime):
    from datetime import datetime, timezone

    beat = read_json(os.path.join(runtime, "HEARTBEAT"))
    if beat["kind"] != "ok":
        return None
    try:
        at = datetime.fromisoformat(str(beat["value"]["at"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return None
    return (datetime.now(timezone.utc) - at).total_seconds()


def gpu():
    import shutil
    import subprocess

    if shutil.which("nvidia-smi") is None:
        return {"kind": "absent"}
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,utilization.gpu,memory.used,memory.total", "--format=csv,noheader"],
            capture_output=True, text=True, timeout=1.5, check=True,
        ).stdout
        return {"kind": "ok", "gpus": [line.strip() for line in out.splitlines() if line.strip()]}
    except (OSError, subprocess.SubprocessError) as error:
        return {"kind": "error", "message": str(error)}


def proxy_health():
    import http.client
    from urllib.parse import urlsplit

    base = urlsplit(os.environ.get("AUTOSWE_PROXY_BASE") or "http://127.0.0.1:8011")
    connection = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=1.0)
    try:
        connection.request("GET", base.path.rstrip("/") + "/health")
        response = connection.getresponse()
        response.read()
        return {"kind": "healthy" if response.status == 200 else "unhealthy", "status": response.status}
    except OSError as error:
        return {"kind": "down", "message": str(error)}
    finally:
        connection.close()


def service(root):
    import shutil
    import subprocess

    if shutil.which("systemctl") is None:
        return {"kind": "unavailable", "reason": "systemctl not found on PATH"}
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if not runtime or not os.path.exists(os.path.join(runtime, "systemd", "private")):
        return {"kind": "unavailable", "reason": "no systemd user manager"}
    try:
        out = subprocess.run(
            ["systemctl", "--user", "show", *unit_names(root), "-p", "Id,LoadState,ActiveState,SubState,LastTriggerUSec"],
            capture_output=True, text=True, timeout=1.0, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        return {"kind": "error", "message": str(error)}
    units = {}
    for block in out.split("\n\n"):
        fields = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
        if "Id" in fields:
            units[fields["Id"]] = fields
    return {"kind": "ok", "units": units}


@click.group()
def cli():
    """Seed-equivalent peer of autoswe's status and verdicts (benchmarks only)."""


@cli.command()
@click.option("--json", "as_json", is_flag=True)
def status(as_json):
    root = workspace_root()
    runtime = runtime_dir(root)
    model = {
        "root": root,
        "service": service(root),
        "loop": read_json(os.path.join(runtime, "state.json")),
        "pause": {
            "soft": os.path.exists(os.path.join(runtime, "PAUSE")),
            "hard": os.path.exists(os.path.join(runtime, "PAUSE_HARD")),
        },
        "parity": parity_counts(runtime),
        "heartbeatAgeSeconds": heartbeat_age(runtime),
        "lastVerdict": (last_lines(os.path.join(runtime, "VERDICTS"), 1) or [None])[-1],
        "pendingRules": pending_rules(runtime),
        "gpu": gpu(),
        "proxy": proxy_health(),
    }
    if as_json:
        click.echo(json.dumps(model, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None)
    for key, value in model.items():
        table.add_row(key, json.dumps(value) if not isinstance(value, str) else value)
    Console().print(table)


@cli.command()
@click.option("-n", "count", default=10, type=int)
@click.option("--json", "as_json", is_flag=True)
def verdicts(count, as_json):
    runtime = runtime_dir(workspace_root())
    lines = last_lines(os.path.join(runtime, "VERDICTS"), count)
    if as_json:
        click.echo(json.dumps(lines, indent=2))
        return
    from rich.console import Console

    colour = {"ACCEPT": "green", "REVISE": "yellow", "REVERT": "red"}
    console = Console()
    for verdict in lines:
        kind = str(verdict.get("verdict"))
        console.print(
            f"{verdict.get('at')} {verdict.get('epoch')}.{verdict.get('iter')} {verdict.get('module')} "
            f"[{colour.get(kind, 'white')}]{kind}[/] {verdict.get('reason')}",
            highlight=False,
        )


if __name__ == "__main__":
    cli()
