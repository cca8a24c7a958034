"""The bottom layer: what every other package may rely on and that relies on nothing of theirs.

- `testing`: the vocabulary tests are written in (Failed, Inconclusive, expect, Test, Scenario,
  the `functional`/`security` decorators, origins).
- `app`: the contract of the handle a test gets (`AppHandle`); execution/app.py implements it.
- `outcome`: the typed record of one test's result (`TestOutcome`).
- `constants`: the app's port and host, test kinds and verdicts, and the result file names.
- `layout`: the results directory every stage reads and writes (`SampleKey`, `Selection`).

Nothing here imports another baxbench package except `baxbench.cwe` (docs/architecture.md).
"""
