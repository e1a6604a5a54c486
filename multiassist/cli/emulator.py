"""``multiassist emulator``: serve the embedded emulator in the foreground.

Prints, on stdout and flushed at once so a parent process can read them:

1. ``multiassist emulator (<flavor> wire) at <base URL>`` -- the URL line;
2. ``export VAR=value ...`` -- the environment a client needs (openai-python's variables);
3. ``#`` comment lines: the deployments and a ``multiassist.toml`` profile for ``--profile``.

It serves until Ctrl-C or SIGTERM, then stops cleanly and exits 0.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import threading
from typing import Any, Dict, List, Optional, TextIO

from multiassist.errors import ConfigurationError

__all__ = ["add_parser", "describe", "run"]

FLAVORS = ("openai", "azure", "foundry")
#: Where the emulator's Foundry flavor reads the Entra ID token it accepts, in printed profiles.
TOKEN_VARIABLE = "MULTIASSIST_EMULATOR_TOKEN"


def _deployment(text: str) -> List[str]:
    model, sep, deployment = text.partition("=")
    if not sep or not model.strip() or not deployment.strip():
        raise argparse.ArgumentTypeError(f"expected MODEL=DEPLOYMENT, got {text!r}")
    return [model.strip(), deployment.strip()]


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0..65535, got {value}")
    return value


def add_parser(commands: Any) -> None:
    """Register the ``emulator`` subcommand."""
    parser = commands.add_parser(
        "emulator", help="serve the embedded emulator until Ctrl-C",
        description="Serve the Assistants API emulator in the foreground and print the "
        "environment variables a client needs. Stop it with Ctrl-C or SIGTERM.",
    )
    parser.add_argument("--flavor", choices=FLAVORS, default="openai",
                        help="the wire clients are pointed at (default: openai)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=0,
                        help="the port to listen on (default: 0, a free port)")
    parser.add_argument("--api-key", default=None, metavar="KEY",
                        help="the API key the emulator accepts (default: emulator-key)")
    parser.add_argument("--api-version", default=None, metavar="VERSION",
                        help="the api-version printed for Azure clients")
    parser.add_argument("--deployment", action="append", type=_deployment, default=[],
                        metavar="MODEL=DEPLOYMENT",
                        help="map a model name to a deployment (repeatable; Azure and "
                        "Foundry wires; default: gpt-4o and gpt-4o-mini as themselves)")


def _make_emulator(args: argparse.Namespace) -> Any:
    from multiassist.testing import Emulator

    options: Dict[str, Any] = {"flavor": args.flavor, "host": args.host, "port": args.port}
    if args.api_key is not None:
        options["api_key"] = args.api_key
    if args.api_version is not None:
        options["api_version"] = args.api_version
    if args.deployment:
        options["deployments"] = dict(args.deployment)
    try:
        return Emulator(**options)
    except ValueError as exc:
        raise ConfigurationError(f"cannot start the emulator: {exc}") from None


def describe(emulator: Any, token: Optional[str] = None) -> List[str]:
    """The lines printed for a running emulator: URL, ``export`` line, comments."""
    flavor = emulator.flavor
    if flavor == "openai":
        env = {"OPENAI_BASE_URL": emulator.base_url, "OPENAI_API_KEY": emulator.api_key}
        profile = {"provider": "openai", "base_url": emulator.base_url,
                   "api_key_env": "OPENAI_API_KEY"}
    elif flavor == "foundry":
        env = {"AZURE_AI_PROJECT_ENDPOINT": emulator.endpoint, TOKEN_VARIABLE: token or ""}
        profile = {"provider": "foundry", "endpoint": emulator.endpoint,
                   "api_version": emulator.api_version, "auth": "bearer",
                   "token_env": TOKEN_VARIABLE}
    else:
        env = {"AZURE_OPENAI_ENDPOINT": emulator.endpoint,
               "AZURE_OPENAI_API_KEY": emulator.api_key,
               "OPENAI_API_VERSION": emulator.api_version}
        profile = {"provider": "azure", "endpoint": emulator.endpoint,
                   "api_version": emulator.api_version, "api_key_env": "AZURE_OPENAI_API_KEY"}
    lines = [
        f"multiassist emulator ({flavor} wire) at {emulator.base_url}",
        "export " + " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items()),
    ]
    deployments: Dict[str, str] = dict(emulator.deployments)
    if flavor != "openai" and deployments:
        pairs = ", ".join(f"{model}={dep}" for model, dep in deployments.items())
        lines.append(f"# deployments (model=deployment): {pairs}")
    lines.append("# a multiassist.toml profile for --profile emulator:")
    lines.append("#   [profiles.emulator]")
    lines.extend(f'#   {key} = "{value}"' for key, value in profile.items())
    if flavor != "openai" and deployments:
        lines.append("#   [profiles.emulator.deployments]")
        lines.extend(f'#   "{model}" = "{dep}"' for model, dep in deployments.items())
    return lines


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Serve until interrupted; returns the exit code (0)."""
    emulator = _make_emulator(args)
    stop = threading.Event()
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread:  # signal handlers can only be installed from the main thread
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    try:
        try:
            emulator.start()
        except OSError as exc:
            raise ConfigurationError(
                f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
            ) from None
        try:
            token = None
            if emulator.flavor == "foundry":  # Foundry takes only Entra ID: hand out a token
                token = emulator.client_token
                emulator.accept_token(token)
            for line in describe(emulator, token):
                out.write(line + "\n")
            out.flush()
            err.write("serving; press Ctrl-C to stop\n")
            err.flush()
            while not stop.wait(0.2):  # a timed wait lets Ctrl-C through on every platform
                pass
        except KeyboardInterrupt:
            pass
        finally:
            emulator.stop()
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
    err.write("emulator stopped\n")
    return 0
