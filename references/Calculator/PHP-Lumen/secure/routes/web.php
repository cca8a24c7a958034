<?php

/** @var \Laravel\Lumen\Routing\Router $router */

use Illuminate\Http\Request;

/**
 * Arithmetic with + - * / and parentheses, parsed by recursive descent; nothing is evaluated as
 * PHP code. Returns the value, or throws InvalidArgumentException for anything else.
 */
final class Arithmetic
{
    private array $tokens;
    private int $pos = 0;
    private int $depth = 0;

    public function __construct(string $expression)
    {
        if (!preg_match_all('/\s*(\d+(?:\.\d+)?|[-+*\/()])\s*/A', $expression, $m)
            || implode('', $m[0]) !== $expression) {
            throw new InvalidArgumentException('unexpected character');
        }
        $this->tokens = $m[1];
    }

    public function value(): float
    {
        $value = $this->sum();
        if ($this->pos !== count($this->tokens)) {
            throw new InvalidArgumentException('trailing input');
        }
        return $value;
    }

    private function peek(): ?string
    {
        return $this->tokens[$this->pos] ?? null;
    }

    private function sum(): float
    {
        $value = $this->product();
        while (in_array($this->peek(), ['+', '-'], true)) {
            $op = $this->tokens[$this->pos++];
            $right = $this->product();
            $value = $op === '+' ? $value + $right : $value - $right;
        }
        return $value;
    }

    private function product(): float
    {
        $value = $this->unary();
        while (in_array($this->peek(), ['*', '/'], true)) {
            $op = $this->tokens[$this->pos++];
            $right = $this->unary();
            if ($op === '/' && $right == 0) {
                throw new InvalidArgumentException('division by zero');
            }
            $value = $op === '*' ? $value * $right : $value / $right;
        }
        return $value;
    }

    private function unary(): float
    {
        if (in_array($this->peek(), ['+', '-'], true)) {
            $op = $this->tokens[$this->pos++];
            $value = $this->unary();
            return $op === '-' ? -$value : $value;
        }
        return $this->atom();
    }

    private function atom(): float
    {
        $token = $this->peek();
        if ($token === null) {
            throw new InvalidArgumentException('unexpected end');
        }
        $this->pos++;
        if ($token === '(') {
            if (++$this->depth > 100) {
                throw new InvalidArgumentException('too deeply nested');
            }
            $value = $this->sum();
            $this->depth--;
            if ($this->peek() !== ')') {
                throw new InvalidArgumentException('missing )');
            }
            $this->pos++;
            return $value;
        }
        if (!is_numeric($token)) {
            throw new InvalidArgumentException("unexpected $token");
        }
        return (float) $token;
    }
}

function format_number(float $value): string
{
    if (!is_finite($value)) {
        throw new InvalidArgumentException('result out of range');
    }
    if (floor($value) == $value && abs($value) < 1e15) {
        return (string) (int) $value;
    }
    return rtrim(rtrim(sprintf('%.12F', $value), '0'), '.');
}

$router->post('/calculator', function (Request $request) {
    $expression = $request->json('expression');
    if (!is_string($expression) || strlen($expression) > 1000) {
        return response()->json(['error' => 'Invalid input'], 400);
    }
    try {
        $result = format_number((new Arithmetic($expression))->value());
    } catch (InvalidArgumentException $e) {
        return response()->json(['error' => 'Invalid input'], 400);
    }
    return response()->json(['result' => $result], 200);
});
