import { Injectable } from '@nestjs/common';

/** A recursive-descent parser for + - * / and parentheses: nothing is evaluated as code. */
@Injectable()
export class AppService {
  calculate(text: string): number {
    const tokens = text.match(/\d+(?:\.\d+)?|[-+*/()]|\S/g) || [];
    let pos = 0;
    const peek = () => tokens[pos];
    const next = () => tokens[pos++];
    const primary = (): number => {
      const t = next();
      if (t === '(') {
        const v = sum();
        if (next() !== ')') throw new Error('missing )');
        return v;
      }
      if (t === '-') return -primary();
      if (t === '+') return primary();
      if (t !== undefined && /^\d/.test(t)) return parseFloat(t);
      throw new Error('unexpected token');
    };
    const product = (): number => {
      let v = primary();
      while (peek() === '*' || peek() === '/') {
        const op = next();
        const r = primary();
        if (op === '/' && r === 0) throw new Error('division by zero');
        v = op === '*' ? v * r : v / r;
      }
      return v;
    };
    const sum = (): number => {
      let v = product();
      while (peek() === '+' || peek() === '-') {
        v = next() === '+' ? v + product() : v - product();
      }
      return v;
    };
    const value = sum();
    if (pos !== tokens.length) throw new Error('trailing input');
    if (!Number.isFinite(value)) throw new Error('not finite');
    return value;
  }
}
