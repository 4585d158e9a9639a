#!/usr/bin/env python3
"""Generates syntaxes/dockerfile.tmLanguage.json. The grammar is written twice over one template: once for
the default backslash escape and once for files that start with `# escape=``; a generator keeps the two
in step. Run: python3 scripts/gen-dockerfile-grammar.py"""
import json, os

INSTRUCTIONS = ['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
                'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']
SHELL_INSTR = ['RUN', 'CMD', 'ENTRYPOINT']
OTHER = [i for i in INSTRUCTIONS if i not in SHELL_INSTR + ['FROM', 'ONBUILD']]


def alt(words):
    return '(?i:' + '|'.join(words) + ')'


def rules(esc, suffix):
    e = '\\\\' if esc == '\\' else '`'          # regex for the escape character
    # End of an instruction: the newline of a line not ending with the escape (trailing blanks allowed).
    # `(?=\n)` rather than `$`: vscode-textmate appends the newline, and `$` would also match after it.
    cont = '(?<!' + e + '|' + e + ' |' + e + '  |' + e + '\\t)(?=\\n)'
    r = {}
    r['comment' + suffix] = {
        'match': '^\\s*(#)(.*)$',
        'captures': {'0': {'name': 'comment.line.number-sign.dockerfile'},
                     '1': {'name': 'punctuation.definition.comment.dockerfile'}}}
    r['continuation' + suffix] = {'match': e + '(?=\\s*$)', 'name': 'constant.character.escape.continuation.dockerfile'}
    r['escape' + suffix] = {'match': e + '.', 'name': 'constant.character.escape.dockerfile'}
    r['args' + suffix] = {'patterns': [
        {'include': '#continuation' + suffix},
        {'include': '#flag'},
        {'include': '#heredoc-file-two' + suffix},
        {'include': '#heredoc-file' + suffix},
        {'include': '#variable'},
        {'include': '#string-double' + suffix},
        {'include': '#string-single'},
        {'include': '#escape' + suffix},
    ]}
    r['shell-args' + suffix] = {'patterns': [
        {'include': '#continuation' + suffix},
        {'include': '#flag'},
        {'include': '#heredoc-two' + suffix},
        {'include': '#heredoc' + suffix},
        {'match': '^\\s*(#.*)$', 'captures': {'1': {'name': 'comment.line.number-sign.dockerfile'}}},
        {'include': '#variable'},
        {'include': 'source.shell'},
    ]}
    # RUN heredocs are scripts (shell inside); COPY/ADD heredocs are file contents (a plain string).
    for kind, content, body in (('heredoc', 'meta.embedded.block.shellscript', [{'include': 'source.shell'}]),
                                ('heredoc-file', 'string.unquoted.heredoc.dockerfile', [])):
        rest = [{'include': 'source.shell'}] if body else []
        r[kind + suffix] = {
            'begin': '(<<-?)\\s*(["\']?)([A-Za-z_][A-Za-z0-9_]*)(\\2)(.*)$',
            'beginCaptures': {'1': {'name': 'keyword.operator.heredoc.dockerfile'},
                              '2': {'name': 'punctuation.definition.string.begin.dockerfile'},
                              '3': {'name': 'entity.name.tag.heredoc.dockerfile'},
                              '4': {'name': 'punctuation.definition.string.end.dockerfile'},
                              '5': {'patterns': rest}},
            # [ \t]* and not \s*: \s* would swallow the newline and keep the instruction from ending.
            'end': '^[ \\t]*(\\3)[ \\t]*$',
            'endCaptures': {'1': {'name': 'entity.name.tag.heredoc.dockerfile'}},
            'contentName': content,
            'patterns': body}
        # Several heredocs on one line: the bodies follow one another, so the region ends at the last
        # delimiter; intermediate delimiters are recognised as an upper-case word alone on its line.
        r[kind + '-two' + suffix] = {
            'begin': '(<<-?)\\s*(["\']?)([A-Za-z_][A-Za-z0-9_]*)(\\2)(.*?)(<<-?)\\s*(["\']?)([A-Za-z_][A-Za-z0-9_]*)(\\7)(.*)$',
            'beginCaptures': {'1': {'name': 'keyword.operator.heredoc.dockerfile'},
                              '3': {'name': 'entity.name.tag.heredoc.dockerfile'},
                              '5': {'patterns': rest},
                              '6': {'name': 'keyword.operator.heredoc.dockerfile'},
                              '8': {'name': 'entity.name.tag.heredoc.dockerfile'},
                              '10': {'patterns': rest}},
            'end': '^[ \\t]*(\\8)[ \\t]*$',
            'endCaptures': {'1': {'name': 'entity.name.tag.heredoc.dockerfile'}},
            'contentName': content,
            'patterns': [
                {'match': '^[ \\t]*([A-Z_][A-Z0-9_]*)[ \\t]*$', 'captures': {'1': {'name': 'entity.name.tag.heredoc.dockerfile'}}},
                *body]}
    r['string-double' + suffix] = {
        'begin': '"', 'end': '"|' + cont,
        'name': 'string.quoted.double.dockerfile',
        'patterns': [{'include': '#variable'}, {'include': '#escape' + suffix}]}
    r['from' + suffix] = {
        'begin': '^\\s*(' + alt(['FROM']) + ')(?=\\s|$)',
        'beginCaptures': {'1': {'name': 'keyword.control.instruction.dockerfile'}},
        'end': cont,
        'patterns': [
            {'include': '#continuation' + suffix},
            {'include': '#flag'},
            {'match': '\\s(?i:(AS))\\s+([A-Za-z0-9_.-]+)',
             'captures': {'1': {'name': 'keyword.control.as.dockerfile'}, '2': {'name': 'entity.name.type.stage.dockerfile'}}},
            {'include': '#variable'},
            {'match': '[^\\s$]+', 'name': 'entity.name.class.image.dockerfile'}]}
    r['onbuild' + suffix] = {
        'match': '^\\s*(' + alt(['ONBUILD']) + ')(?=\\s|$)',
        'captures': {'1': {'name': 'keyword.control.instruction.dockerfile'}}}
    r['json-form' + suffix] = {
        'begin': '^\\s*((?i:ONBUILD)\\s+)?(' + alt(SHELL_INSTR + ['SHELL', 'VOLUME', 'ADD', 'COPY']) + ')((?:\\s+--\\S+)*)\\s+(?=\\[)',
        'beginCaptures': {'1': {'name': 'keyword.control.instruction.dockerfile'},
                          '2': {'name': 'keyword.control.instruction.dockerfile'},
                          '3': {'patterns': [{'include': '#flag'}]}},
        'end': cont,
        'patterns': [{'include': '#continuation' + suffix}, {'include': '#json-array'}]}
    r['shell-form' + suffix] = {
        'begin': '^\\s*((?i:ONBUILD)\\s+)?(' + alt(SHELL_INSTR) + ')(?=\\s|$)',
        'beginCaptures': {'1': {'name': 'keyword.control.instruction.dockerfile'},
                          '2': {'name': 'keyword.control.instruction.dockerfile'}},
        'end': cont,
        'contentName': 'meta.embedded.line.shellscript',
        'patterns': [{'include': '#shell-args' + suffix}]}
    r['healthcheck' + suffix] = {
        'begin': '^\\s*((?i:ONBUILD)\\s+)?(' + alt(['HEALTHCHECK']) + ')(?=\\s|$)',
        'beginCaptures': {'1': {'name': 'keyword.control.instruction.dockerfile'},
                          '2': {'name': 'keyword.control.instruction.dockerfile'}},
        'end': cont,
        'patterns': [
            {'include': '#continuation' + suffix},
            {'include': '#flag'},
            {'match': '\\b(?i:NONE)\\b', 'name': 'constant.language.none.dockerfile'},
            {'match': '\\b(?i:CMD)\\b', 'name': 'keyword.control.instruction.dockerfile'},
            {'include': '#json-array'},
            {'include': '#variable'}]}
    r['other' + suffix] = {
        'begin': '^\\s*((?i:ONBUILD)\\s+)?(' + alt(OTHER) + ')(?=\\s|$)',
        'beginCaptures': {'1': {'name': 'keyword.control.instruction.dockerfile'},
                          '2': {'name': 'keyword.control.instruction.dockerfile'}},
        'end': cont,
        'patterns': [{'include': '#args' + suffix}]}
    r['main' + suffix] = {'patterns': [
        {'include': '#comment' + suffix},
        {'include': '#from' + suffix},
        {'include': '#json-form' + suffix},
        {'include': '#shell-form' + suffix},
        {'include': '#healthcheck' + suffix},
        {'include': '#other' + suffix},
        {'include': '#onbuild' + suffix},
    ]}
    return r


repo = {
    'directive': {
        'match': '^\\s*(#)\\s*((?i:syntax|escape|check))\\s*(=)\\s*(\\S.*?)?\\s*$',
        'captures': {'1': {'name': 'comment.line.number-sign.dockerfile punctuation.definition.comment.dockerfile'},
                     '2': {'name': 'keyword.other.directive.dockerfile'},
                     '3': {'name': 'keyword.operator.assignment.dockerfile'},
                     '4': {'name': 'string.unquoted.directive.dockerfile'}}},
    'flag': {
        'match': '(?<=\\s)(--)([A-Za-z][A-Za-z0-9-]*)(?:(=)([^\\s]*))?',
        'captures': {'1': {'name': 'punctuation.definition.flag.dockerfile'},
                     '2': {'name': 'variable.parameter.flag.dockerfile'},
                     '3': {'name': 'keyword.operator.assignment.dockerfile'},
                     '4': {'patterns': [
                         {'include': '#variable'},
                         {'match': '([A-Za-z][A-Za-z0-9_-]*)(=)',
                          'captures': {'1': {'name': 'entity.other.attribute-name.flag-key.dockerfile'},
                                       '2': {'name': 'keyword.operator.assignment.dockerfile'}}},
                         {'match': ',', 'name': 'punctuation.separator.dockerfile'},
                         {'match': '[^,=$]+', 'name': 'string.unquoted.flag-value.dockerfile'}]}}},
    'variable': {'patterns': [
        {'match': '(\\$\\{)([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*))?(\\})',
         'name': 'variable.other.substitution.dockerfile',
         'captures': {'1': {'name': 'punctuation.definition.variable.dockerfile'},
                      '2': {'name': 'variable.other.readwrite.dockerfile'},
                      '3': {'name': 'keyword.operator.substitution.dockerfile'},
                      '4': {'name': 'string.unquoted.default.dockerfile'},
                      '5': {'name': 'punctuation.definition.variable.dockerfile'}}},
        {'match': '(\\$)([A-Za-z_][A-Za-z0-9_]*)',
         'captures': {'1': {'name': 'punctuation.definition.variable.dockerfile'},
                      '2': {'name': 'variable.other.readwrite.dockerfile'}}}]},
    'string-single': {'match': "'[^']*'", 'name': 'string.quoted.single.dockerfile'},
    'json-array': {
        'begin': '\\[', 'end': '\\]',
        'beginCaptures': {'0': {'name': 'punctuation.definition.array.begin.json.dockerfile'}},
        'endCaptures': {'0': {'name': 'punctuation.definition.array.end.json.dockerfile'}},
        'name': 'meta.structure.array.json.dockerfile',
        'patterns': [
            {'begin': '"', 'end': '"', 'name': 'string.quoted.double.json.dockerfile',
             'patterns': [{'match': '\\\\(?:["\\\\/bfnrt]|u[0-9A-Fa-f]{4})', 'name': 'constant.character.escape.json.dockerfile'},
                          {'include': '#variable'}]},
            {'match': ',', 'name': 'punctuation.separator.array.json.dockerfile'}]},
}
repo.update(rules('\\', ''))
repo.update(rules('`', '-backtick'))

grammar = {
    '$schema': 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    'name': 'Dockerfile',
    'scopeName': 'source.dockerfile.dockhand',
    'comment': 'Generated by scripts/gen-dockerfile-grammar.py; edit the generator, not this file.',
    'patterns': [
        # A file declaring `# escape=`` switches the rest of the file to the backtick rules.
        {'begin': '^\\s*(#)\\s*((?i:escape))\\s*(=)\\s*(`)\\s*$',
         'beginCaptures': {'1': {'name': 'comment.line.number-sign.dockerfile'},
                           '2': {'name': 'keyword.other.directive.dockerfile'},
                           '3': {'name': 'keyword.operator.assignment.dockerfile'},
                           '4': {'name': 'string.unquoted.directive.dockerfile'}},
         'end': '(?=A)B',
         'patterns': [{'include': '#directive'}, {'include': '#main-backtick'}]},
        {'include': '#directive'},
        {'include': '#main'},
    ],
    'repository': repo,
}

out = os.path.join(os.path.dirname(__file__), '..', 'syntaxes', 'dockerfile.tmLanguage.json')
with open(out, 'w') as f:
    json.dump(grammar, f, indent=2)
    f.write('\n')
