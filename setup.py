"""The one compiled part of graphkit: ``graphkit.analysis._kernels`` (C99, no dependencies).

Everything else about the package is in pyproject.toml; setuptools reads both.
"""

import sys

from setuptools import Extension, setup

if sys.platform == "win32":
    # /fp:precise (MSVC's default) never contracts a*b + c into one rounding
    flags = ["/O2", "/fp:precise"]
else:
    # no fused multiply-add: path lengths must round exactly as NetworkX's do
    flags = ["-O3", "-ffp-contract=off", "-fno-strict-aliasing", "-std=c99"]

setup(
    ext_modules=[
        Extension(
            "graphkit.analysis._kernels",
            sources=["graphkit/analysis/_kernels.c"],
            extra_compile_args=flags,
        )
    ]
)
