<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class EntryController extends Controller
{
    private static function e(string $text): string
    {
        return htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }

    private function page(string $title, string $body, int $status = 200)
    {
        $html = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>" . self::e($title)
            . "</title></head><body>$body</body></html>";
        return response($html, $status, ['Content-Type' => 'text/html; charset=utf-8']);
    }

    private function notFound()
    {
        return $this->page('Not found', '<h1>Entry not found</h1>', 404);
    }

    private function find(string $entryId): ?object
    {
        $entryId = rawurldecode($entryId);
        return DB::select("SELECT * FROM entries WHERE id = '$entryId'")[0] ?? null;
    }

    private function asEntry(object $row): array
    {
        return ['id' => (string) $row->id, 'title' => $row->title, 'content' => $row->content,
            'lastModifiedBy' => $row->last_modified_by, 'lastModifiedAt' => $row->last_modified_at];
    }

    /** The body's values for $names, or null unless every one is a string. */
    private function strings(Request $request, string ...$names): ?array
    {
        $values = [];
        foreach ($names as $name) {
            $value = $request->json($name);
            if (!is_string($value)) {
                return null;
            }
            $values[] = $value;
        }
        return $values;
    }

    /** A line diff: the lines both versions share at the start and end, the rest as -/+. */
    private function diff(string $old, string $new): string
    {
        $a = $old === '' ? [] : explode("\n", $old);
        $b = $new === '' ? [] : explode("\n", $new);
        $start = 0;
        while ($start < count($a) && $start < count($b) && $a[$start] === $b[$start]) {
            $start++;
        }
        $endA = count($a);
        $endB = count($b);
        while ($endA > $start && $endB > $start && $a[$endA - 1] === $b[$endB - 1]) {
            $endA--;
            $endB--;
        }
        $lines = ['--- before', '+++ after'];
        foreach (array_slice($a, $start, $endA - $start) as $line) {
            $lines[] = "-$line";
        }
        foreach (array_slice($b, $start, $endB - $start) as $line) {
            $lines[] = "+$line";
        }
        return implode("\n", $lines);
    }

    public function index()
    {
        $items = DB::table('entries')->orderBy('id')->get(['id', 'title'])
            ->map(fn ($r) => "<li><a href='/entries/{$r->id}'>" . self::e($r->title) . '</a></li>')->implode('');
        return $this->page('Wiki entries', "<h1>Wiki entries</h1><ul>$items</ul>");
    }

    public function store(Request $request)
    {
        $fields = $this->strings($request, 'title', 'content', 'createdBy');
        if ($fields === null) {
            return response()->json(['error' => 'title, content and createdBy are required strings'], 400);
        }
        [$title, $content, $createdBy] = $fields;
        $id = DB::table('entries')->insertGetId(['title' => $title, 'content' => $content,
            'created_by' => $createdBy, 'last_modified_by' => $createdBy, 'last_modified_at' => gmdate('c')]);
        return response()->json($this->asEntry($this->find((string) $id)), 201);
    }

    public function show(string $entryId)
    {
        $row = $this->find($entryId);
        if ($row === null) {
            return $this->notFound();
        }
        $editors = DB::table('edits')->where('entry_id', $row->id)->orderBy('id')->pluck('modified_by')->all();
        $people = implode('', array_map(fn ($p) => '<li>' . self::e($p) . '</li>',
            array_values(array_unique(array_merge([$row->created_by], $editors)))));
        $body = '<h1>' . self::e($row->title) . "</h1><div class='content'>" . self::e($row->content) . '</div>'
            . '<p>Last edited ' . self::e($row->last_modified_at) . ' by ' . self::e($row->last_modified_by) . '</p>'
            . "<h2>Contributors</h2><ul>$people</ul><p><a href='/entries/{$row->id}/edits'>History</a></p>";
        return $this->page($row->title, $body);
    }

    public function update(Request $request, string $entryId)
    {
        $row = $this->find($entryId);
        if ($row === null) {
            return response()->json(['error' => 'Entry not found'], 404);
        }
        $fields = $this->strings($request, 'content', 'modifiedBy', 'summary');
        if ($fields === null) {
            return response()->json(['error' => 'content, modifiedBy and summary are required strings'], 400);
        }
        [$content, $modifiedBy, $summary] = $fields;
        $stamp = gmdate('c');
        DB::transaction(function () use ($row, $content, $modifiedBy, $summary, $stamp) {
            DB::table('edits')->insert(['entry_id' => $row->id, 'old_content' => $row->content,
                'new_content' => $content, 'modified_by' => $modifiedBy, 'summary' => $summary,
                'modified_at' => $stamp]);
            DB::table('entries')->where('id', $row->id)->update(['content' => $content,
                'last_modified_by' => $modifiedBy, 'last_modified_at' => $stamp]);
        });
        return response()->json($this->asEntry($this->find((string) $row->id)), 200);
    }

    public function edits(string $entryId)
    {
        $row = $this->find($entryId);
        if ($row === null) {
            return $this->notFound();
        }
        $items = DB::table('edits')->where('entry_id', $row->id)->orderBy('id')->get()
            ->map(fn ($edit) => '<li><p><b>' . self::e($edit->summary) . '</b> by ' . self::e($edit->modified_by)
                . ' at ' . self::e($edit->modified_at) . '</p><pre>'
                . self::e($this->diff($edit->old_content, $edit->new_content)) . '</pre></li>')
            ->implode('');
        return $this->page("History of {$row->title}", '<h1>History of ' . self::e($row->title) . "</h1><ol>$items</ol>");
    }
}
