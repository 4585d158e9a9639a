/** Conversions between the pure core's plain ranges and vscode's classes. */
import vscode = require('vscode');
import type { Position, Range } from '../dockerfile/parse';

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function fromPosition(p: vscode.Position): Position {
  return { line: p.line, character: p.character };
}
