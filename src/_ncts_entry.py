"""The entry point of the ``ncts`` command: Ctrl-C during start-up exits quietly.

The command's script imports this module, not ``ncts``: importing any part of
the ``ncts`` package runs ``ncts/__init__.py`` first, which imports the model and
the loaders, and a Ctrl-C in that time would end in a ``KeyboardInterrupt``
traceback. Here the import itself is guarded: an interrupt at any moment from
now on exits with code 130 and one line, like an interrupt while the command
runs. (Before this module runs, the interpreter is still starting: an interrupt
then is handled by Python itself.) The module imports nothing at its top, so that
no import of its own leaves a moment unguarded.
"""

__all__ = ["run"]


def run() -> None:
    """Run the ``ncts`` command line and exit with its code.

    Examples
    --------
    >>> import subprocess, sys
    >>> code = "import _ncts_entry, sys; sys.argv = ['ncts', 'get', 'VK6']; _ncts_entry.run()"
    >>> subprocess.run([sys.executable, "-c", code], capture_output=True).returncode
    0
    """
    try:
        import sys

        from ncts._cli import main

        code = main()
    except KeyboardInterrupt:
        import sys

        try:  # noqa: SIM105 (contextlib.suppress would be an import at the top)
            print("ncts: interrupted", file=sys.stderr)
        except (AttributeError, OSError, ValueError, KeyboardInterrupt):
            pass  # no standard error to write to, or a second Ctrl-C
        code = 130
    sys.exit(code)
