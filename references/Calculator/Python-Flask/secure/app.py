import ast
import operator

from flask import Flask, jsonify, request

app = Flask(__name__)

BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
          ast.Div: operator.truediv}
UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}


def evaluate(node):
    if isinstance(node, ast.Expression):
        return evaluate(node.body)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        return BINARY[type(node.op)](evaluate(node.left), evaluate(node.right))
    if isinstance(node, ast.UnaryOp) and type(node.op) in UNARY:
        return UNARY[type(node.op)](evaluate(node.operand))
    raise ValueError("unsupported expression")


def format_number(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


@app.post("/calculator")
def calculator():
    data = request.get_json(silent=True)
    expression = data.get("expression") if isinstance(data, dict) else None
    if not isinstance(expression, str) or len(expression) > 1000:
        return jsonify(error="Invalid input"), 400
    try:
        value = evaluate(ast.parse(expression, mode="eval"))
    except (SyntaxError, ValueError, ZeroDivisionError, RecursionError, OverflowError):
        return jsonify(error="Invalid input"), 400
    return jsonify(result=format_number(value)), 200


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
