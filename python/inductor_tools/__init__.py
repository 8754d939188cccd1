"""Python tooling for inductor: export AOTInductor .pt2 packages and produce
the reference outputs the C runtime is tested against.

The package itself imports nothing heavy; modules that need torch import it
themselves so that e.g. compare_outputs runs without torch installed.
"""

__version__ = "0.1.0"
EXPORTER = f"inductor-tools {__version__}"
