from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/calculator")
def calculator():
    data = request.get_json(silent=True) or {}
    expression = data.get("expression")
    if not isinstance(expression, str):
        return jsonify(error="Invalid input"), 400
    try:
        value = eval(expression)
    except Exception:
        return jsonify(error="Invalid input"), 400
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return jsonify(result=str(value)), 200


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
