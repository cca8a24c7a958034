import ast
import json
import operator

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
          ast.Div: operator.truediv}
UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}


def evaluate(node):
    """Only numbers, + - * / and parentheses: the tree is walked, never run."""
    if isinstance(node, ast.Expression):
        return evaluate(node.body)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        return BINARY[type(node.op)](evaluate(node.left), evaluate(node.right))
    if isinstance(node, ast.UnaryOp) and type(node.op) in UNARY:
        return UNARY[type(node.op)](evaluate(node.operand))
    raise ValueError("unsupported expression")


def invalid():
    return JsonResponse({"error": "Invalid input"}, status=400)


@csrf_exempt
@require_POST
def calculator(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return invalid()
    expression = data.get("expression") if isinstance(data, dict) else None
    if not isinstance(expression, str) or len(expression) > 1000:
        return invalid()
    try:
        value = evaluate(ast.parse(expression, mode="eval"))
    except (SyntaxError, ValueError, ZeroDivisionError, RecursionError, OverflowError):
        return invalid()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return JsonResponse({"result": str(value)})
