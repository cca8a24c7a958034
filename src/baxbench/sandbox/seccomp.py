"""A seccomp filter (classic BPF, for bubblewrap's `--seccomp FD`) that denies, with EPERM, the
system calls no web app needs and kernel exploits love: debugging other processes, mounting,
namespaces, kernel keyrings, eBPF, userfaultfd, io_uring, module loading, kexec, reboot, and the
32-bit and x32 entry points. Everything else is allowed. x86-64 only; elsewhere `program()` is
None and the sandbox says so in its weaknesses.
"""

from __future__ import annotations

import errno
import platform
import struct

DENIED = {  # name: x86-64 number
    "ptrace": 101, "syslog": 103, "uselib": 134, "vhangup": 153, "pivot_root": 155,
    "_sysctl": 156, "acct": 163, "mount": 165, "umount2": 166, "swapon": 167, "swapoff": 168,
    "reboot": 169, "sethostname": 170, "setdomainname": 171, "iopl": 172, "ioperm": 173,
    "init_module": 175, "delete_module": 176, "quotactl": 179, "nfsservctl": 180,
    "lookup_dcookie": 212, "kexec_load": 246, "add_key": 248, "request_key": 249, "keyctl": 250,
    "unshare": 272, "perf_event_open": 298, "fanotify_init": 300, "name_to_handle_at": 303,
    "open_by_handle_at": 304, "setns": 308, "process_vm_readv": 310, "process_vm_writev": 311,
    "kcmp": 312, "finit_module": 313, "kexec_file_load": 320, "bpf": 321, "userfaultfd": 323,
    "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "open_tree": 428,
    "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
    "pidfd_getfd": 438, "mount_setattr": 442,
}

_AUDIT_ARCH_X86_64 = 0xC000003E
_X32_BIT = 0x40000000
_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET = 0x06  # BPF_RET | BPF_K
_ALLOW = 0x7FFF0000
_KILL = 0x80000000  # SECCOMP_RET_KILL_PROCESS
_EPERM = 0x00050000 | errno.EPERM  # SECCOMP_RET_ERRNO


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def program() -> bytes | None:
    """The filter as bytes of `struct sock_filter`, or None on a machine that is not x86-64."""
    if platform.machine() != "x86_64":
        return None
    numbers = sorted(DENIED.values())
    out = [
        _insn(_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
        _insn(_JEQ, 1, 0, _AUDIT_ARCH_X86_64),
        _insn(_RET, 0, 0, _KILL),  # the 32-bit ABI: none of our runtimes uses it
        _insn(_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
        _insn(_JGE, len(numbers) + 1, 0, _X32_BIT),  # x32: deny
    ]
    for i, nr in enumerate(numbers):  # on a match jump to the EPERM return after the list
        out.append(_insn(_JEQ, len(numbers) - i, 0, nr))
    out += [_insn(_RET, 0, 0, _ALLOW), _insn(_RET, 0, 0, _EPERM)]
    return b"".join(out)
