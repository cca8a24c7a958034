"""The on-disk layout of a results directory: it lives in `baxbench.core.layout` (the contract
every stage shares); the names stay importable from here."""

from __future__ import annotations

from ..core.layout import (
    GENERATION,
    CorruptResult,
    SampleKey,
    Selection,
    check_readable,
    decode_name,
    encode_name,
    read_json,
    scan,
    write_json,
)

__all__ = ["GENERATION", "CorruptResult", "SampleKey", "Selection", "check_readable",
           "decode_name", "encode_name", "read_json", "scan", "write_json"]
