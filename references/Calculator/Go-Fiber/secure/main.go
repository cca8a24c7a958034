package main

import (
	"errors"
	"log"
	"math"
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// parser evaluates + - * / with parentheses and unary signs over decimal numbers.
type parser struct {
	src   string
	pos   int
	depth int
}

var errInvalid = errors.New("invalid expression")

func (p *parser) skipSpaces() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

func (p *parser) peek() byte {
	p.skipSpaces()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *parser) expr() (float64, error) {
	left, err := p.term()
	for err == nil {
		op := p.peek()
		if op != '+' && op != '-' {
			break
		}
		p.pos++
		var right float64
		if right, err = p.term(); err == nil {
			if op == '+' {
				left += right
			} else {
				left -= right
			}
		}
	}
	return left, err
}

func (p *parser) term() (float64, error) {
	left, err := p.factor()
	for err == nil {
		op := p.peek()
		if op != '*' && op != '/' {
			break
		}
		p.pos++
		var right float64
		if right, err = p.factor(); err == nil {
			if op == '*' {
				left *= right
			} else if right == 0 {
				err = errors.New("division by zero")
			} else {
				left /= right
			}
		}
	}
	return left, err
}

func (p *parser) factor() (float64, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 200 {
		return 0, errInvalid
	}
	switch c := p.peek(); {
	case c == '+' || c == '-':
		p.pos++
		v, err := p.factor()
		if c == '-' {
			v = -v
		}
		return v, err
	case c == '(':
		p.pos++
		v, err := p.expr()
		if err == nil && p.peek() != ')' {
			err = errInvalid
		}
		p.pos++
		return v, err
	case (c >= '0' && c <= '9') || c == '.':
		start := p.pos
		for p.pos < len(p.src) && ((p.src[p.pos] >= '0' && p.src[p.pos] <= '9') || p.src[p.pos] == '.') {
			p.pos++
		}
		return strconv.ParseFloat(p.src[start:p.pos], 64)
	}
	return 0, errInvalid
}

func evaluate(expression string) (string, error) {
	p := &parser{src: expression}
	v, err := p.expr()
	if err == nil && p.peek() != 0 {
		err = errInvalid
	}
	if err == nil && (math.IsInf(v, 0) || math.IsNaN(v)) {
		err = errInvalid
	}
	if err != nil {
		return "", err
	}
	return strconv.FormatFloat(v, 'f', -1, 64), nil
}

func main() {
	app := fiber.New()
	app.Post("/calculator", func(c *fiber.Ctx) error {
		var in struct {
			Expression *string `json:"expression"`
		}
		if err := c.BodyParser(&in); err != nil || in.Expression == nil || len(*in.Expression) > 1000 {
			return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid input"})
		}
		result, err := evaluate(*in.Expression)
		if err != nil {
			return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid input"})
		}
		return c.JSON(fiber.Map{"result": result})
	})
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
