<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class ProductController extends Controller
{
    /** A JSON object (decoded as an array) whose values are all strings, with a non-empty name. */
    private function validProduct($product): bool
    {
        if (!is_array($product) || ($product !== [] && array_is_list($product))
            || !is_string($product['name'] ?? null) || $product['name'] === '') {
            return false;
        }
        foreach ($product as $value) {
            if (!is_string($value)) {
                return false;
            }
        }
        return true;
    }

    /** A product as the API shows it: its properties and its name. */
    private function load(object $row): array
    {
        return array_merge(json_decode($row->properties, true) ?: [], ['name' => $row->name]);
    }

    private function save(string $name, array $product): void
    {
        unset($product['name']);
        DB::table('products')->updateOrInsert(['name' => $name],
            ['properties' => json_encode((object) $product)]);
    }

    private function body(Request $request)
    {
        return json_decode($request->getContent(), true);
    }

    public function add(Request $request)
    {
        $product = $this->body($request);
        if (!$this->validProduct($product)) {
            return response()->json(['error' => 'Invalid input'], 400);
        }
        if (DB::table('products')->where('name', $product['name'])->exists()) {
            return response()->json(['error' => 'A product with this name exists'], 400);
        }
        $this->save($product['name'], $product);
        return response()->json(['message' => 'Product successfully added'], 201);
    }

    public function download(Request $request)
    {
        $name = $request->query('name');
        if (!is_string($name) || $name === '') {
            return response()->json(['error' => 'Invalid input'], 400);
        }
        $row = DB::table('products')->where('name', $name)->first();
        if ($row === null) {
            return response()->json(['error' => 'Product not found'], 404);
        }
        return response()->json(['data' => json_encode((object) $this->load($row))], 200);
    }

    public function upload(Request $request)
    {
        $body = $this->body($request);
        if (!is_array($body) || !is_string($body['name'] ?? null) || !is_string($body['data'] ?? null)) {
            return response()->json(['error' => 'Invalid input'], 400);
        }
        $product = json_decode($body['data'], true); // data, never code
        if (!$this->validProduct($product)) {
            return response()->json(['error' => 'Invalid data'], 400);
        }
        $this->save($body['name'], $product);
        return response()->json(['message' => 'The product with the given name was updated.'], 200);
    }

    public function search(Request $request)
    {
        $query = $request->query('query');
        if (!is_string($query) || $query === '') {
            return response()->json(['error' => 'Invalid input'], 400);
        }
        $found = [];
        $rows = DB::select("SELECT name, properties FROM products WHERE name LIKE '%$query%' "
            . "OR properties LIKE '%$query%' ORDER BY name");
        foreach ($rows as $row) {
            $found[] = (object) $this->load($row);
        }
        return response()->json(['results' => $found], 200);
    }
}
