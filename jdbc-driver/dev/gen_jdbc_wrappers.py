#!/usr/bin/env python3
"""Regenerates the Forwarding* and UnsupportedResultSet classes of com.blockdb.jdbc.driver from the
JDK's java.sql interfaces (read with javap), so they follow the JDK exactly. Run it from anywhere
with a JDK on PATH after a JDK upgrade adds methods: python3 jdbc-driver/dev/gen_jdbc_wrappers.py
"""
import os, subprocess, re, sys
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'main', 'java', 'com', 'blockdb', 'jdbc', 'driver')
def gen(iface, cls, pkg='com.blockdb.jdbc.driver', extra_doc=''):
    out = ''
    todo=[iface]; done=set()
    while todo:
        i=todo.pop()
        if i in done: continue
        done.add(i)
        o = subprocess.run(['javap', '-public', i], capture_output=True, text=True).stdout
        out += o
        m2 = re.search(r'interface [\w.]+(?:<[^>]*>)? extends ([\w., <>]+) \{', o)
        if m2:
            todo += [x.strip() for x in m2.group(1).split(',')]
    simple = iface.split('.')[-1]
    methods = []
    for line in out.splitlines():
        line=line.strip()
        if '(' not in line or ' static ' in ' '+line+' ': continue
        if not line.startswith('public'): continue
        m = re.match(r'public (abstract |default )?(<[^>]+> )?(.+?) (\w+)\((.*?)\)( throws [\w., ]+)?;', line)
        if not m: print('skip', line, file=sys.stderr); continue
        kind, tparams, ret, name, params, throws = m.groups()
        if kind is None: kind=''
        parts=[]; depth=0; cur=''
        for ch in params:
            if ch=='<': depth+=1
            if ch=='>': depth-=1
            if ch==',' and depth==0: parts.append(cur); cur=''
            else: cur+=ch
        if cur.strip(): parts.append(cur)
        params=[p.strip() for p in parts if p.strip()]
        methods.append((kind.strip(), tparams or '', ret, name, params, throws or ''))
    seen=set(); body=[]
    for kind,tp,ret,name,params,throws in methods:
        sig=(name,tuple(params))
        if sig in seen: continue
        seen.add(sig)
        decl = ', '.join(f'{p.replace("...","[]")} a{i}' for i,p in enumerate(params))
        args = ', '.join(f'a{i}' for i in range(len(params)))
        call = f'delegate.{name}({args})'
        stmt = f'{call};' if ret=='void' else f'return {call};'
        th = (' throws java.sql.SQLClientInfoException' if 'SQLClientInfoException' in throws
              else ' throws java.sql.SQLException' if 'SQLException' in throws else '')
        if 'SQLClientInfoException' in throws:
            body.append(f'''  @Override
  public {tp}{ret} {name}({decl}){th} {{
    {stmt}
  }}
''')
            continue
        if th:
            b = f'''  @Override
  public {tp}{ret} {name}({decl}){th} {{
    try {{
      {stmt}
    }} catch (java.sql.SQLException | RuntimeException | AssertionError e) {{
      throw translate(e);
    }}
  }}
'''
        else:
            b = f'''  @Override
  public {tp}{ret} {name}({decl}) {{
    {stmt}
  }}
'''
        body.append(b)
    src = f'''package {pkg};

/**
 * Forwards every {{@link {iface}}} method to a delegate, turning whatever it throws into an
 * {{@link java.sql.SQLException}} with a SQLState through {{@link #translate}}. Generated from the
 * JDK interface; subclasses override only what BlockDB does differently.{extra_doc}
 */
abstract class {cls} implements {iface} {{
  protected final {iface} delegate;

  protected {cls}({iface} delegate) {{
    this.delegate = delegate;
  }}

  /** The exception to throw for {{@code e}}, raised by the delegate. */
  protected abstract java.sql.SQLException translate(Throwable e);

{chr(10).join(body)}}}
'''
    open(os.path.join(OUT, f'{cls}.java'), 'w').write(src)
gen('java.sql.ResultSet','ForwardingResultSet')
gen('java.sql.DatabaseMetaData','ForwardingDatabaseMetaData')
gen('java.sql.PreparedStatement','ForwardingPreparedStatement')
gen('java.sql.Statement','ForwardingStatement')
gen('java.sql.ResultSetMetaData','ForwardingResultSetMetaData')
gen('java.sql.ParameterMetaData','ForwardingParameterMetaData')
gen('java.sql.Connection','ForwardingConnection')


def methods_of(iface):
    out=''; todo=[iface]; done=set()
    while todo:
        i=todo.pop()
        if i in done: continue
        done.add(i)
        o = subprocess.run(['javap', '-public', i], capture_output=True, text=True).stdout
        out += o
        m2 = re.search(r'interface [\w.]+(?:<[^>]*>)? extends ([\w., <>]+) \{', o)
        if m2: todo += [x.strip() for x in m2.group(1).split(',')]
    res=[]; seen=set()
    for line in out.splitlines():
        line=line.strip()
        if '(' not in line or ' static ' in ' '+line+' ' or not line.startswith('public'): continue
        m = re.match(r'public (abstract |default )?(<[^>]+> )?(.+?) (\w+)\((.*?)\)( throws [\w., ]+)?;', line)
        if not m: continue
        kind,tp,ret,name,params,throws = m.groups()
        parts=[]; depth=0; cur=''
        for ch in params:
            if ch=='<': depth+=1
            if ch=='>': depth-=1
            if ch==',' and depth==0: parts.append(cur); cur=''
            else: cur+=ch
        if cur.strip(): parts.append(cur)
        params=[p.strip() for p in parts if p.strip()]
        sig=(name,tuple(params))
        if sig in seen: continue
        seen.add(sig)
        res.append((kind or '', tp or '', ret, name, params, throws or ''))
    return res
body=[]
for kind,tp,ret,name,params,throws in methods_of('java.sql.ResultSet'):
    decl = ', '.join(f'{p} a{i}' for i,p in enumerate(params))
    th = ' throws java.sql.SQLException' if 'SQLException' in throws else ''
    if not th:
        continue
    body.append(f'''  @Override
  public {tp}{ret} {name}({decl}){th} {{
    throw unsupported("{name}");
  }}
''')
src=f'''package com.blockdb.jdbc.driver;

/**
 * A {{@link java.sql.ResultSet}} whose every method refuses with SQLState 0A000; the base of
 * BlockDB's own forward-only, read-only result sets, which override what they support. Generated
 * from the JDK interface.
 */
abstract class UnsupportedResultSet implements java.sql.ResultSet {{

  /** The exception for a method this result set does not support. */
  protected java.sql.SQLException unsupported(String method) {{
    return SqlErrors.create("0A000", com.blockdb.jdbc.error.VendorCodes.NOT_SUPPORTED,
        "ResultSet." + method + " is not supported: BlockDB result sets are forward-only and read-only", null);
  }}

{chr(10).join(body)}}}
'''
open(os.path.join(OUT, 'UnsupportedResultSet.java'), 'w').write(src)
