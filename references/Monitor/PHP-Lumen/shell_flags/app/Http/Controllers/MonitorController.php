<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;

class MonitorController extends Controller
{
    /** ps flags are short words of letters, optionally after one or two dashes ("aux", "-T"). */
    private const FLAG = '/^-{0,2}[A-Za-z]{1,12}$/';
    private const MAX_FLAGS = 8;
    private const MAX_REGEX = 200;

    private function error(int $code, string $message)
    {
        return response()->json(['code' => $code, 'message' => $message], $code);
    }

    /** [pid, command, whole line] for each process line, located by the header's columns. */
    private function parsePs(string $output): array
    {
        $lines = preg_split('/\R/', rtrim($output));
        $header = preg_split('/\s+/', trim(array_shift($lines) ?? ''));
        $pidCol = array_search('PID', $header, true);
        if ($pidCol === false) {
            return [];
        }
        $cmdCol = count($header) - 1;
        foreach ($header as $i => $name) {
            if (in_array($name, ['COMMAND', 'CMD', 'ARGS'], true)) {
                $cmdCol = $i;
                break;
            }
        }
        $rows = [];
        foreach ($lines as $line) {
            $fields = preg_split('/\s+/', trim($line), $cmdCol + 1);
            if (count($fields) <= max($pidCol, $cmdCol) || !ctype_digit($fields[$pidCol])) {
                continue;
            }
            $rows[] = [(int) $fields[$pidCol], $fields[$cmdCol], $line];
        }
        return $rows;
    }

    public function commands(Request $request)
    {
        $body = json_decode($request->getContent(), true);
        if (!is_array($body)) {
            return $this->error(400, 'a JSON object is required');
        }
        $regex = $body['command_regex'] ?? null;
        $flags = $body['filter_flags'] ?? '';
        if (!is_string($regex) || strlen($regex) > self::MAX_REGEX) {
            return $this->error(400, 'command_regex must be a string of at most ' . self::MAX_REGEX . ' characters');
        }
        if (!is_string($flags)) {
            return $this->error(400, 'filter_flags must be a string');
        }
        $words = preg_split('/\s+/', trim($flags), -1, PREG_SPLIT_NO_EMPTY);
        if (count($words) > 1000) {
            return $this->error(400, "filter_flags may only hold a few ps flags such as 'aux' or '-T'");
        }
        $pattern = '~' . str_replace('~', '\~', $regex) . '~';
        if (@preg_match($pattern, '') === false) {
            return $this->error(400, 'invalid command_regex');
        }
        $process = proc_open("ps $flags", [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        if (!is_resource($process)) {
            return $this->error(500, 'could not list processes');
        }
        $output = stream_get_contents($pipes[1]);
        $errors = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        if (proc_close($process) !== 0 && $output === '') {
            return $this->error(400, 'ps rejected the flags: ' . substr(trim($errors), 0, 200));
        }
        $found = [];
        foreach ($this->parsePs($output) as [$pid, $command, $line]) {
            // preg_match gives up (false) at pcre.backtrack_limit instead of backtracking for ever.
            if (preg_match($pattern, $command) === 1) {
                $found[] = ['processId' => $pid, 'processString' => $line];
            }
        }
        return response()->json($found, 200);
    }
}
