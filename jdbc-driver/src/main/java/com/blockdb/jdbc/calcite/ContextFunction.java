package com.blockdb.jdbc.calcite;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * A scalar SQL function whose Java body receives the query's {@link DataContext}, so it can reach
 * the connection's engine (Calcite's reflective UDFs get no context). It is neither deterministic
 * nor constant: the planner must never fold {@code VERIFY_CHAIN()} into a cached plan.
 */
final class ContextFunction extends SqlUserDefinedFunction {

  private ContextFunction(String name, SqlTypeName returnType, int minArgs, int maxArgs, boolean varargs,
      Method method) {
    super(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
        opBinding -> opBinding.getTypeFactory().createTypeWithNullability(
            opBinding.getTypeFactory().createSqlType(returnType), true),
        InferTypes.RETURN_TYPE, new AnyOperands(name, minArgs, maxArgs),
        new Body(method, returnType, minArgs, varargs));
  }

  /** A function of {@code args} arguments of any type, calling {@code method(root, args...)}. */
  static ContextFunction fixed(String name, SqlTypeName returnType, int args, Class<?> owner, String methodName) {
    Class<?>[] types = new Class<?>[args + 1];
    types[0] = DataContext.class;
    for (int i = 1; i <= args; i++) {
      types[i] = Object.class;
    }
    return new ContextFunction(name, returnType, args, args, false, method(owner, methodName, types));
  }

  /** A function of {@code min..max} arguments, calling {@code method(root, Object[] args)}. */
  static ContextFunction varargs(String name, SqlTypeName returnType, int min, int max, Class<?> owner,
      String methodName) {
    return new ContextFunction(name, returnType, min, max, true,
        method(owner, methodName, DataContext.class, Object[].class));
  }

  private static Method method(Class<?> owner, String name, Class<?>... types) {
    try {
      return owner.getMethod(name, types);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean isDeterministic() {
    return false;
  }

  @Override
  public boolean isDynamicFunction() {
    return true;
  }

  /** The function's body for Calcite's code generator. */
  private static final class Body implements ScalarFunction, ImplementableFunction {
    private final Method method;
    private final SqlTypeName returnType;
    private final int declaredArgs;
    private final boolean varargs;

    Body(Method method, SqlTypeName returnType, int declaredArgs, boolean varargs) {
      this.method = method;
      this.returnType = returnType;
      this.declaredArgs = declaredArgs;
      this.varargs = varargs;
    }

    @Override
    public RelDataType getReturnType(RelDataTypeFactory tf) {
      return tf.createTypeWithNullability(tf.createSqlType(returnType), true);
    }

    @Override
    public List<FunctionParameter> getParameters() {
      List<FunctionParameter> ps = new ArrayList<>();
      for (int i = 0; i < declaredArgs; i++) {
        final int ordinal = i;
        ps.add(new FunctionParameter() {
          @Override
          public int getOrdinal() {
            return ordinal;
          }

          @Override
          public String getName() {
            return "ARG" + ordinal;
          }

          @Override
          public RelDataType getType(RelDataTypeFactory tf) {
            return tf.createSqlType(SqlTypeName.ANY);
          }

          @Override
          public boolean isOptional() {
            return false;
          }
        });
      }
      return Collections.unmodifiableList(ps);
    }

    @Override
    public CallImplementor getImplementor() {
      return (translator, call, nullAs) -> {
        List<Expression> operands = translator.translateList(call.getOperands(),
            Collections.nCopies(call.getOperands().size(), Object.class));
        List<Expression> args = new ArrayList<>();
        args.add(DataContext.ROOT);
        if (varargs) {
          args.add(Expressions.newArrayInit(Object.class, operands));
        } else {
          for (Expression e : operands) {
            args.add(Expressions.convert_(e, Object.class));
          }
        }
        return Expressions.call(method, args);
      };
    }
  }

  /** Accepts {@code min..max} operands of any type. */
  private static final class AnyOperands implements SqlOperandMetadata {
    private final String name;
    private final int min;
    private final int max;

    AnyOperands(String name, int min, int max) {
      this.name = name;
      this.min = min;
      this.max = max;
    }

    @Override
    public List<RelDataType> paramTypes(RelDataTypeFactory tf) {
      List<RelDataType> types = new ArrayList<>();
      for (int i = 0; i < min; i++) {
        types.add(tf.createSqlType(SqlTypeName.ANY));
      }
      return types;
    }

    @Override
    public List<String> paramNames() {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < min; i++) {
        names.add("ARG" + i);
      }
      return names;
    }

    @Override
    public boolean checkOperandTypes(SqlCallBinding callBinding, boolean throwOnFailure) {
      return true;
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
      return SqlOperandCountRanges.between(min, max);
    }

    @Override
    public String getAllowedSignatures(SqlOperator op, String opName) {
      return name + (min == max && min == 0 ? "()" : min == max ? "(<" + min + " values>)" : "(<" + min + ".." + max + " values>)");
    }
  }
}
