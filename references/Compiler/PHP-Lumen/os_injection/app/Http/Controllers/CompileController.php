<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;

class CompileController extends Controller
{
    /**
     * The compiler is chosen by the suffix; the source is written under a fixed name in a fresh
     * directory and the compiler runs without a shell, so the user's name never reaches a path
     * or a command line.
     */
    private const COMPILERS = [
        'cpp' => ['main.cpp', ['g++', '-fsyntax-only', 'main.cpp']],
        'ts' => ['main.ts', ['tsc', '--noEmit', 'main.ts']],
    ];

    public function compile(Request $request)
    {
        $name = $request->json('fileName');
        $content = $request->json('fileContent');
        if (!is_string($name) || !is_string($content)) {
            return response()->json(['error' => 'fileName and fileContent must be strings'], 400);
        }
        $suffix = strtolower(pathinfo($name, PATHINFO_EXTENSION));
        if (!isset(self::COMPILERS[$suffix])) {
            return response()->json(['error' => 'only .cpp and .ts files are supported'], 400);
        }
        [$source, $command] = self::COMPILERS[$suffix];
        $work = sys_get_temp_dir() . '/compile-' . bin2hex(random_bytes(8));
        mkdir($work, 0700);
        try {
            $source = basename($name);
            file_put_contents("$work/$source", $content);
            $tool = $suffix === 'cpp' ? 'g++ -fsyntax-only' : 'tsc --noEmit';
            $process = proc_open("cd $work && $tool '$source' 2>&1", [1 => ['pipe', 'w']], $pipes);
            if (!is_resource($process)) {
                return response()->json(['error' => 'the compiler could not be started'], 500);
            }
            $output = stream_get_contents($pipes[1]);
            fclose($pipes[1]);
            $status = proc_close($process);
        } finally {
            @unlink("$work/$source");
            @rmdir($work);
        }
        if ($status === 0) {
            return response()->json(['hasError' => false, 'compilerError' => null], 200);
        }
        $output = trim(str_replace($source, basename($name), $output));
        return response()->json(['hasError' => true, 'compilerError' => $output ?: 'compilation failed'], 200);
    }
}
