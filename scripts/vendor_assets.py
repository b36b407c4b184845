"""Copy the iframe-worker shim out of its npm tarball into the site's own assets.

Material for MkDocs' search runs in a Web Worker, which browsers refuse to start from file://.
The iframe-worker shim (by Material's author) replaces ``Worker`` with an iframe on file://
pages and does nothing elsewhere. Material's offline plugin would load it from a CDN; we
vendor it instead, so an offline copy never touches the network. ``make vendor`` fetches the
tarball with ``npm pack`` (the registry's ordinary client) and calls this script, which checks
the tarball against the pinned integrity hash and writes the shim with its licence notice.

Example: python scripts/vendor_assets.py build/vendor/iframe-worker-1.0.4.tgz \\
    casebook/site/assets/iframe-worker-shim.js --integrity sha512-...
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import sys
import tarfile
from pathlib import Path

SHIM_MEMBER = "package/shim/index.js"
LICENSE_MEMBER = "package/LICENSE"


class VendorError(Exception):
    pass


def integrity_of(data: bytes) -> str:
    """The npm registry's ``dist.integrity`` form of a tarball's hash."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def read_members(tarball: Path, names: tuple[str, ...]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for name in names:
            try:
                member = archive.getmember(name)
            except KeyError:
                raise VendorError(f"{tarball}: '{name}' is missing from the package") from None
            handle = archive.extractfile(member)
            if handle is None:
                raise VendorError(f"{tarball}: '{name}' is not a regular file")
            found[name] = handle.read()
    return found


def licensed_shim(shim: bytes, license_text: bytes, tarball_name: str) -> bytes:
    """The shim preceded by its MIT notice, which must travel with every copy."""
    notice = license_text.decode("utf-8").strip().replace("*/", "* /")
    header = (
        f"/*! iframe-worker shim, vendored from the npm package {tarball_name}\n\n{notice}\n*/\n"
    )
    return header.encode("utf-8") + shim


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", type=Path, help="the .tgz written by npm pack")
    parser.add_argument("target", type=Path, help="where to write the shim")
    parser.add_argument("--integrity", required=True, help="the expected sha512-... hash")
    args = parser.parse_args(argv)
    try:
        data = args.tarball.read_bytes()
        if integrity_of(data) != args.integrity:
            raise VendorError(
                f"{args.tarball}: integrity {integrity_of(data)} is not the pinned "
                f"{args.integrity}; refusing to vendor it"
            )
        members = read_members(args.tarball, (SHIM_MEMBER, LICENSE_MEMBER))
    except (OSError, tarfile.TarError, VendorError) as exc:
        print(f"vendor_assets: {exc}", file=sys.stderr)
        return 1
    args.target.parent.mkdir(parents=True, exist_ok=True)
    args.target.write_bytes(
        licensed_shim(members[SHIM_MEMBER], members[LICENSE_MEMBER], args.tarball.name)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
