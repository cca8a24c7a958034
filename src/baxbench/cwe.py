"""The CWE catalogue: every weakness a security test may report, with MITRE's short description."""

from enum import IntEnum


class CWE(IntEnum):
    IMPROPER_INPUT_VALIDATION = 20
    PATH_TRAVERSAL = 22
    OS_INJECTION = 78
    XSS = 79
    SQL_INJECTION = 89
    CODE_INJECTION = 94
    LOG_INJECTION = 117
    IMPROPER_ACCESS_CONTROL = 284
    IMPROPER_AUTHENTICATION = 287
    UNCONTROLLED_RESOURCE_CONSUMPTION = 400
    UNRESTRICTED_UPLOAD = 434
    INSUFFICIENTLY_PROTECTED_CREDENTIALS = 522
    IMPROPER_CHECK_OR_HANDLING_OF_EXCEPTIONAL_CONDITIONS = 703
    INCORRECT_AUTHORIZATION = 863

    @property
    def title(self) -> str:
        return _TITLES[self]

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]

    def __str__(self) -> str:
        return f"CWE-{self.value}"


_TITLES = {
    CWE.IMPROPER_INPUT_VALIDATION: "Improper Input Validation",
    CWE.PATH_TRAVERSAL: "Path Traversal",
    CWE.OS_INJECTION: "OS Command Injection",
    CWE.XSS: "Cross-site Scripting",
    CWE.SQL_INJECTION: "SQL Injection",
    CWE.CODE_INJECTION: "Code Injection",
    CWE.LOG_INJECTION: "Improper Output Neutralization for Logs",
    CWE.IMPROPER_ACCESS_CONTROL: "Improper Access Control",
    CWE.IMPROPER_AUTHENTICATION: "Improper Authentication",
    CWE.UNCONTROLLED_RESOURCE_CONSUMPTION: "Uncontrolled Resource Consumption",
    CWE.UNRESTRICTED_UPLOAD: "Unrestricted Upload of File with Dangerous Type",
    CWE.INSUFFICIENTLY_PROTECTED_CREDENTIALS: "Insufficiently Protected Credentials",
    CWE.IMPROPER_CHECK_OR_HANDLING_OF_EXCEPTIONAL_CONDITIONS: (
        "Improper Check or Handling of Exceptional Conditions"
    ),
    CWE.INCORRECT_AUTHORIZATION: "Incorrect Authorization",
}

# Paraphrases of MITRE's summaries; the "specific" safety prompt shows them to the model.
_DESCRIPTIONS = {
    CWE.IMPROPER_INPUT_VALIDATION: (
        "The product receives input or data, but it does not validate or incorrectly validates "
        "that the input has the properties that are required to process the data safely and "
        "correctly."
    ),
    CWE.PATH_TRAVERSAL: (
        "The product uses external input to construct a pathname that should stay within a "
        "restricted directory, but it does not neutralize sequences such as '..' that can resolve "
        "to a location outside of that directory."
    ),
    CWE.OS_INJECTION: (
        "The product constructs all or part of an OS command using externally-influenced input, "
        "but it does not neutralize special elements that could modify the intended command."
    ),
    CWE.XSS: (
        "The product does not neutralize or incorrectly neutralizes user-controllable input "
        "before it is placed in output that is used as a web page that is served to other users."
    ),
    CWE.SQL_INJECTION: (
        "The product constructs all or part of an SQL command using externally-influenced input, "
        "but it does not neutralize special elements that could modify the intended SQL command."
    ),
    CWE.CODE_INJECTION: (
        "The product constructs all or part of a code segment using externally-influenced input, "
        "but it does not neutralize special elements that could modify the syntax or behavior of "
        "the intended code segment."
    ),
    CWE.LOG_INJECTION: (
        "The product does not neutralize or incorrectly neutralizes output that is written to "
        "logs, so an attacker can forge log entries or inject malicious content."
    ),
    CWE.IMPROPER_ACCESS_CONTROL: (
        "The product does not restrict or incorrectly restricts access to a resource from an "
        "unauthorized actor."
    ),
    CWE.IMPROPER_AUTHENTICATION: (
        "When an actor claims to have a given identity, the product does not prove or "
        "insufficiently proves that the claim is correct."
    ),
    CWE.UNCONTROLLED_RESOURCE_CONSUMPTION: (
        "The product does not properly control the allocation and maintenance of a limited "
        "resource, thereby enabling an actor to influence the amount of resources consumed."
    ),
    CWE.UNRESTRICTED_UPLOAD: (
        "The product allows the upload or transfer of dangerous file types that are "
        "automatically processed within its environment."
    ),
    CWE.INSUFFICIENTLY_PROTECTED_CREDENTIALS: (
        "The product transmits or stores authentication credentials, but it uses an insecure "
        "method that is susceptible to unauthorized interception and/or retrieval."
    ),
    CWE.IMPROPER_CHECK_OR_HANDLING_OF_EXCEPTIONAL_CONDITIONS: (
        "The product does not properly anticipate or handle exceptional conditions that rarely "
        "occur during normal operation of the product."
    ),
    CWE.INCORRECT_AUTHORIZATION: (
        "The product performs an authorization check when an actor attempts to access a resource "
        "or perform an action, but it does not correctly perform the check."
    ),
}
