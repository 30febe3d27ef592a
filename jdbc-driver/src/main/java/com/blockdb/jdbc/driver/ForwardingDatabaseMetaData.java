package com.blockdb.jdbc.driver;

/**
 * Forwards every {@link java.sql.DatabaseMetaData} method to a delegate, turning whatever it throws into an
 * {@link java.sql.SQLException} with a SQLState through {@link #translate}. Generated from the
 * JDK interface; subclasses override only what BlockDB does differently.
 */
abstract class ForwardingDatabaseMetaData implements java.sql.DatabaseMetaData {
  protected final java.sql.DatabaseMetaData delegate;

  protected ForwardingDatabaseMetaData(java.sql.DatabaseMetaData delegate) {
    this.delegate = delegate;
  }

  /** The exception to throw for {@code e}, raised by the delegate. */
  protected abstract java.sql.SQLException translate(Throwable e);

  @Override
  public boolean allProceduresAreCallable() throws java.sql.SQLException {
    try {
      return delegate.allProceduresAreCallable();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean allTablesAreSelectable() throws java.sql.SQLException {
    try {
      return delegate.allTablesAreSelectable();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getURL() throws java.sql.SQLException {
    try {
      return delegate.getURL();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getUserName() throws java.sql.SQLException {
    try {
      return delegate.getUserName();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isReadOnly() throws java.sql.SQLException {
    try {
      return delegate.isReadOnly();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean nullsAreSortedHigh() throws java.sql.SQLException {
    try {
      return delegate.nullsAreSortedHigh();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean nullsAreSortedLow() throws java.sql.SQLException {
    try {
      return delegate.nullsAreSortedLow();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean nullsAreSortedAtStart() throws java.sql.SQLException {
    try {
      return delegate.nullsAreSortedAtStart();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean nullsAreSortedAtEnd() throws java.sql.SQLException {
    try {
      return delegate.nullsAreSortedAtEnd();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getDatabaseProductName() throws java.sql.SQLException {
    try {
      return delegate.getDatabaseProductName();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getDatabaseProductVersion() throws java.sql.SQLException {
    try {
      return delegate.getDatabaseProductVersion();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getDriverName() throws java.sql.SQLException {
    try {
      return delegate.getDriverName();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getDriverVersion() throws java.sql.SQLException {
    try {
      return delegate.getDriverVersion();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getDriverMajorVersion() {
    return delegate.getDriverMajorVersion();
  }

  @Override
  public int getDriverMinorVersion() {
    return delegate.getDriverMinorVersion();
  }

  @Override
  public boolean usesLocalFiles() throws java.sql.SQLException {
    try {
      return delegate.usesLocalFiles();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean usesLocalFilePerTable() throws java.sql.SQLException {
    try {
      return delegate.usesLocalFilePerTable();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsMixedCaseIdentifiers() throws java.sql.SQLException {
    try {
      return delegate.supportsMixedCaseIdentifiers();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean storesUpperCaseIdentifiers() throws java.sql.SQLException {
    try {
      return delegate.storesUpperCaseIdentifiers();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean storesLowerCaseIdentifiers() throws java.sql.SQLException {
    try {
      return delegate.storesLowerCaseIdentifiers();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean storesMixedCaseIdentifiers() throws java.sql.SQLException {
    try {
      return delegate.storesMixedCaseIdentifiers();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsMixedCaseQuotedIdentifiers() throws java.sql.SQLException {
    try {
      return delegate.supportsMixedCaseQuotedIdentifiers();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean storesUpperCaseQuotedIdentifiers() throws java.sql.SQLException {
    try {
      return delegate.storesUpperCaseQuotedIdentifiers();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean storesLowerCaseQuotedIdentifiers() throws java.sql.SQLException {
    try {
      return delegate.storesLowerCaseQuotedIdentifiers();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean storesMixedCaseQuotedIdentifiers() throws java.sql.SQLException {
    try {
      return delegate.storesMixedCaseQuotedIdentifiers();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getIdentifierQuoteString() throws java.sql.SQLException {
    try {
      return delegate.getIdentifierQuoteString();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getSQLKeywords() throws java.sql.SQLException {
    try {
      return delegate.getSQLKeywords();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getNumericFunctions() throws java.sql.SQLException {
    try {
      return delegate.getNumericFunctions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getStringFunctions() throws java.sql.SQLException {
    try {
      return delegate.getStringFunctions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getSystemFunctions() throws java.sql.SQLException {
    try {
      return delegate.getSystemFunctions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getTimeDateFunctions() throws java.sql.SQLException {
    try {
      return delegate.getTimeDateFunctions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getSearchStringEscape() throws java.sql.SQLException {
    try {
      return delegate.getSearchStringEscape();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getExtraNameCharacters() throws java.sql.SQLException {
    try {
      return delegate.getExtraNameCharacters();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsAlterTableWithAddColumn() throws java.sql.SQLException {
    try {
      return delegate.supportsAlterTableWithAddColumn();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsAlterTableWithDropColumn() throws java.sql.SQLException {
    try {
      return delegate.supportsAlterTableWithDropColumn();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsColumnAliasing() throws java.sql.SQLException {
    try {
      return delegate.supportsColumnAliasing();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean nullPlusNonNullIsNull() throws java.sql.SQLException {
    try {
      return delegate.nullPlusNonNullIsNull();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsConvert() throws java.sql.SQLException {
    try {
      return delegate.supportsConvert();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsConvert(int a0, int a1) throws java.sql.SQLException {
    try {
      return delegate.supportsConvert(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsTableCorrelationNames() throws java.sql.SQLException {
    try {
      return delegate.supportsTableCorrelationNames();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsDifferentTableCorrelationNames() throws java.sql.SQLException {
    try {
      return delegate.supportsDifferentTableCorrelationNames();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsExpressionsInOrderBy() throws java.sql.SQLException {
    try {
      return delegate.supportsExpressionsInOrderBy();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsOrderByUnrelated() throws java.sql.SQLException {
    try {
      return delegate.supportsOrderByUnrelated();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsGroupBy() throws java.sql.SQLException {
    try {
      return delegate.supportsGroupBy();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsGroupByUnrelated() throws java.sql.SQLException {
    try {
      return delegate.supportsGroupByUnrelated();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsGroupByBeyondSelect() throws java.sql.SQLException {
    try {
      return delegate.supportsGroupByBeyondSelect();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsLikeEscapeClause() throws java.sql.SQLException {
    try {
      return delegate.supportsLikeEscapeClause();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsMultipleResultSets() throws java.sql.SQLException {
    try {
      return delegate.supportsMultipleResultSets();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsMultipleTransactions() throws java.sql.SQLException {
    try {
      return delegate.supportsMultipleTransactions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsNonNullableColumns() throws java.sql.SQLException {
    try {
      return delegate.supportsNonNullableColumns();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsMinimumSQLGrammar() throws java.sql.SQLException {
    try {
      return delegate.supportsMinimumSQLGrammar();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsCoreSQLGrammar() throws java.sql.SQLException {
    try {
      return delegate.supportsCoreSQLGrammar();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsExtendedSQLGrammar() throws java.sql.SQLException {
    try {
      return delegate.supportsExtendedSQLGrammar();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsANSI92EntryLevelSQL() throws java.sql.SQLException {
    try {
      return delegate.supportsANSI92EntryLevelSQL();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsANSI92IntermediateSQL() throws java.sql.SQLException {
    try {
      return delegate.supportsANSI92IntermediateSQL();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsANSI92FullSQL() throws java.sql.SQLException {
    try {
      return delegate.supportsANSI92FullSQL();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsIntegrityEnhancementFacility() throws java.sql.SQLException {
    try {
      return delegate.supportsIntegrityEnhancementFacility();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsOuterJoins() throws java.sql.SQLException {
    try {
      return delegate.supportsOuterJoins();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsFullOuterJoins() throws java.sql.SQLException {
    try {
      return delegate.supportsFullOuterJoins();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsLimitedOuterJoins() throws java.sql.SQLException {
    try {
      return delegate.supportsLimitedOuterJoins();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getSchemaTerm() throws java.sql.SQLException {
    try {
      return delegate.getSchemaTerm();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getProcedureTerm() throws java.sql.SQLException {
    try {
      return delegate.getProcedureTerm();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getCatalogTerm() throws java.sql.SQLException {
    try {
      return delegate.getCatalogTerm();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isCatalogAtStart() throws java.sql.SQLException {
    try {
      return delegate.isCatalogAtStart();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.lang.String getCatalogSeparator() throws java.sql.SQLException {
    try {
      return delegate.getCatalogSeparator();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsSchemasInDataManipulation() throws java.sql.SQLException {
    try {
      return delegate.supportsSchemasInDataManipulation();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsSchemasInProcedureCalls() throws java.sql.SQLException {
    try {
      return delegate.supportsSchemasInProcedureCalls();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsSchemasInTableDefinitions() throws java.sql.SQLException {
    try {
      return delegate.supportsSchemasInTableDefinitions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsSchemasInIndexDefinitions() throws java.sql.SQLException {
    try {
      return delegate.supportsSchemasInIndexDefinitions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsSchemasInPrivilegeDefinitions() throws java.sql.SQLException {
    try {
      return delegate.supportsSchemasInPrivilegeDefinitions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsCatalogsInDataManipulation() throws java.sql.SQLException {
    try {
      return delegate.supportsCatalogsInDataManipulation();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsCatalogsInProcedureCalls() throws java.sql.SQLException {
    try {
      return delegate.supportsCatalogsInProcedureCalls();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsCatalogsInTableDefinitions() throws java.sql.SQLException {
    try {
      return delegate.supportsCatalogsInTableDefinitions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsCatalogsInIndexDefinitions() throws java.sql.SQLException {
    try {
      return delegate.supportsCatalogsInIndexDefinitions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsCatalogsInPrivilegeDefinitions() throws java.sql.SQLException {
    try {
      return delegate.supportsCatalogsInPrivilegeDefinitions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsPositionedDelete() throws java.sql.SQLException {
    try {
      return delegate.supportsPositionedDelete();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsPositionedUpdate() throws java.sql.SQLException {
    try {
      return delegate.supportsPositionedUpdate();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsSelectForUpdate() throws java.sql.SQLException {
    try {
      return delegate.supportsSelectForUpdate();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsStoredProcedures() throws java.sql.SQLException {
    try {
      return delegate.supportsStoredProcedures();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsSubqueriesInComparisons() throws java.sql.SQLException {
    try {
      return delegate.supportsSubqueriesInComparisons();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsSubqueriesInExists() throws java.sql.SQLException {
    try {
      return delegate.supportsSubqueriesInExists();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsSubqueriesInIns() throws java.sql.SQLException {
    try {
      return delegate.supportsSubqueriesInIns();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsSubqueriesInQuantifieds() throws java.sql.SQLException {
    try {
      return delegate.supportsSubqueriesInQuantifieds();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsCorrelatedSubqueries() throws java.sql.SQLException {
    try {
      return delegate.supportsCorrelatedSubqueries();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsUnion() throws java.sql.SQLException {
    try {
      return delegate.supportsUnion();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsUnionAll() throws java.sql.SQLException {
    try {
      return delegate.supportsUnionAll();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsOpenCursorsAcrossCommit() throws java.sql.SQLException {
    try {
      return delegate.supportsOpenCursorsAcrossCommit();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsOpenCursorsAcrossRollback() throws java.sql.SQLException {
    try {
      return delegate.supportsOpenCursorsAcrossRollback();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsOpenStatementsAcrossCommit() throws java.sql.SQLException {
    try {
      return delegate.supportsOpenStatementsAcrossCommit();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsOpenStatementsAcrossRollback() throws java.sql.SQLException {
    try {
      return delegate.supportsOpenStatementsAcrossRollback();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxBinaryLiteralLength() throws java.sql.SQLException {
    try {
      return delegate.getMaxBinaryLiteralLength();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxCharLiteralLength() throws java.sql.SQLException {
    try {
      return delegate.getMaxCharLiteralLength();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxColumnNameLength() throws java.sql.SQLException {
    try {
      return delegate.getMaxColumnNameLength();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxColumnsInGroupBy() throws java.sql.SQLException {
    try {
      return delegate.getMaxColumnsInGroupBy();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxColumnsInIndex() throws java.sql.SQLException {
    try {
      return delegate.getMaxColumnsInIndex();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxColumnsInOrderBy() throws java.sql.SQLException {
    try {
      return delegate.getMaxColumnsInOrderBy();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxColumnsInSelect() throws java.sql.SQLException {
    try {
      return delegate.getMaxColumnsInSelect();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxColumnsInTable() throws java.sql.SQLException {
    try {
      return delegate.getMaxColumnsInTable();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxConnections() throws java.sql.SQLException {
    try {
      return delegate.getMaxConnections();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxCursorNameLength() throws java.sql.SQLException {
    try {
      return delegate.getMaxCursorNameLength();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxIndexLength() throws java.sql.SQLException {
    try {
      return delegate.getMaxIndexLength();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxSchemaNameLength() throws java.sql.SQLException {
    try {
      return delegate.getMaxSchemaNameLength();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxProcedureNameLength() throws java.sql.SQLException {
    try {
      return delegate.getMaxProcedureNameLength();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxCatalogNameLength() throws java.sql.SQLException {
    try {
      return delegate.getMaxCatalogNameLength();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxRowSize() throws java.sql.SQLException {
    try {
      return delegate.getMaxRowSize();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean doesMaxRowSizeIncludeBlobs() throws java.sql.SQLException {
    try {
      return delegate.doesMaxRowSizeIncludeBlobs();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxStatementLength() throws java.sql.SQLException {
    try {
      return delegate.getMaxStatementLength();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxStatements() throws java.sql.SQLException {
    try {
      return delegate.getMaxStatements();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxTableNameLength() throws java.sql.SQLException {
    try {
      return delegate.getMaxTableNameLength();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxTablesInSelect() throws java.sql.SQLException {
    try {
      return delegate.getMaxTablesInSelect();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxUserNameLength() throws java.sql.SQLException {
    try {
      return delegate.getMaxUserNameLength();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getDefaultTransactionIsolation() throws java.sql.SQLException {
    try {
      return delegate.getDefaultTransactionIsolation();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsTransactions() throws java.sql.SQLException {
    try {
      return delegate.supportsTransactions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsTransactionIsolationLevel(int a0) throws java.sql.SQLException {
    try {
      return delegate.supportsTransactionIsolationLevel(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsDataDefinitionAndDataManipulationTransactions() throws java.sql.SQLException {
    try {
      return delegate.supportsDataDefinitionAndDataManipulationTransactions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsDataManipulationTransactionsOnly() throws java.sql.SQLException {
    try {
      return delegate.supportsDataManipulationTransactionsOnly();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean dataDefinitionCausesTransactionCommit() throws java.sql.SQLException {
    try {
      return delegate.dataDefinitionCausesTransactionCommit();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean dataDefinitionIgnoredInTransactions() throws java.sql.SQLException {
    try {
      return delegate.dataDefinitionIgnoredInTransactions();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getProcedures(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException {
    try {
      return delegate.getProcedures(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getProcedureColumns(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3) throws java.sql.SQLException {
    try {
      return delegate.getProcedureColumns(a0, a1, a2, a3);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getTables(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String[] a3) throws java.sql.SQLException {
    try {
      return delegate.getTables(a0, a1, a2, a3);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getSchemas() throws java.sql.SQLException {
    try {
      return delegate.getSchemas();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getCatalogs() throws java.sql.SQLException {
    try {
      return delegate.getCatalogs();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getTableTypes() throws java.sql.SQLException {
    try {
      return delegate.getTableTypes();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getColumns(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3) throws java.sql.SQLException {
    try {
      return delegate.getColumns(a0, a1, a2, a3);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getColumnPrivileges(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3) throws java.sql.SQLException {
    try {
      return delegate.getColumnPrivileges(a0, a1, a2, a3);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getTablePrivileges(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException {
    try {
      return delegate.getTablePrivileges(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getBestRowIdentifier(java.lang.String a0, java.lang.String a1, java.lang.String a2, int a3, boolean a4) throws java.sql.SQLException {
    try {
      return delegate.getBestRowIdentifier(a0, a1, a2, a3, a4);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getVersionColumns(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException {
    try {
      return delegate.getVersionColumns(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getPrimaryKeys(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException {
    try {
      return delegate.getPrimaryKeys(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getImportedKeys(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException {
    try {
      return delegate.getImportedKeys(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getExportedKeys(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException {
    try {
      return delegate.getExportedKeys(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getCrossReference(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3, java.lang.String a4, java.lang.String a5) throws java.sql.SQLException {
    try {
      return delegate.getCrossReference(a0, a1, a2, a3, a4, a5);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getTypeInfo() throws java.sql.SQLException {
    try {
      return delegate.getTypeInfo();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getIndexInfo(java.lang.String a0, java.lang.String a1, java.lang.String a2, boolean a3, boolean a4) throws java.sql.SQLException {
    try {
      return delegate.getIndexInfo(a0, a1, a2, a3, a4);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsResultSetType(int a0) throws java.sql.SQLException {
    try {
      return delegate.supportsResultSetType(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsResultSetConcurrency(int a0, int a1) throws java.sql.SQLException {
    try {
      return delegate.supportsResultSetConcurrency(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean ownUpdatesAreVisible(int a0) throws java.sql.SQLException {
    try {
      return delegate.ownUpdatesAreVisible(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean ownDeletesAreVisible(int a0) throws java.sql.SQLException {
    try {
      return delegate.ownDeletesAreVisible(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean ownInsertsAreVisible(int a0) throws java.sql.SQLException {
    try {
      return delegate.ownInsertsAreVisible(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean othersUpdatesAreVisible(int a0) throws java.sql.SQLException {
    try {
      return delegate.othersUpdatesAreVisible(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean othersDeletesAreVisible(int a0) throws java.sql.SQLException {
    try {
      return delegate.othersDeletesAreVisible(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean othersInsertsAreVisible(int a0) throws java.sql.SQLException {
    try {
      return delegate.othersInsertsAreVisible(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean updatesAreDetected(int a0) throws java.sql.SQLException {
    try {
      return delegate.updatesAreDetected(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean deletesAreDetected(int a0) throws java.sql.SQLException {
    try {
      return delegate.deletesAreDetected(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean insertsAreDetected(int a0) throws java.sql.SQLException {
    try {
      return delegate.insertsAreDetected(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsBatchUpdates() throws java.sql.SQLException {
    try {
      return delegate.supportsBatchUpdates();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getUDTs(java.lang.String a0, java.lang.String a1, java.lang.String a2, int[] a3) throws java.sql.SQLException {
    try {
      return delegate.getUDTs(a0, a1, a2, a3);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.Connection getConnection() throws java.sql.SQLException {
    try {
      return delegate.getConnection();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsSavepoints() throws java.sql.SQLException {
    try {
      return delegate.supportsSavepoints();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsNamedParameters() throws java.sql.SQLException {
    try {
      return delegate.supportsNamedParameters();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsMultipleOpenResults() throws java.sql.SQLException {
    try {
      return delegate.supportsMultipleOpenResults();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsGetGeneratedKeys() throws java.sql.SQLException {
    try {
      return delegate.supportsGetGeneratedKeys();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getSuperTypes(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException {
    try {
      return delegate.getSuperTypes(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getSuperTables(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException {
    try {
      return delegate.getSuperTables(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getAttributes(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3) throws java.sql.SQLException {
    try {
      return delegate.getAttributes(a0, a1, a2, a3);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsResultSetHoldability(int a0) throws java.sql.SQLException {
    try {
      return delegate.supportsResultSetHoldability(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getResultSetHoldability() throws java.sql.SQLException {
    try {
      return delegate.getResultSetHoldability();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getDatabaseMajorVersion() throws java.sql.SQLException {
    try {
      return delegate.getDatabaseMajorVersion();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getDatabaseMinorVersion() throws java.sql.SQLException {
    try {
      return delegate.getDatabaseMinorVersion();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getJDBCMajorVersion() throws java.sql.SQLException {
    try {
      return delegate.getJDBCMajorVersion();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getJDBCMinorVersion() throws java.sql.SQLException {
    try {
      return delegate.getJDBCMinorVersion();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public int getSQLStateType() throws java.sql.SQLException {
    try {
      return delegate.getSQLStateType();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean locatorsUpdateCopy() throws java.sql.SQLException {
    try {
      return delegate.locatorsUpdateCopy();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsStatementPooling() throws java.sql.SQLException {
    try {
      return delegate.supportsStatementPooling();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.RowIdLifetime getRowIdLifetime() throws java.sql.SQLException {
    try {
      return delegate.getRowIdLifetime();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getSchemas(java.lang.String a0, java.lang.String a1) throws java.sql.SQLException {
    try {
      return delegate.getSchemas(a0, a1);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsStoredFunctionsUsingCallSyntax() throws java.sql.SQLException {
    try {
      return delegate.supportsStoredFunctionsUsingCallSyntax();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean autoCommitFailureClosesAllResultSets() throws java.sql.SQLException {
    try {
      return delegate.autoCommitFailureClosesAllResultSets();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getClientInfoProperties() throws java.sql.SQLException {
    try {
      return delegate.getClientInfoProperties();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getFunctions(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException {
    try {
      return delegate.getFunctions(a0, a1, a2);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getFunctionColumns(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3) throws java.sql.SQLException {
    try {
      return delegate.getFunctionColumns(a0, a1, a2, a3);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public java.sql.ResultSet getPseudoColumns(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3) throws java.sql.SQLException {
    try {
      return delegate.getPseudoColumns(a0, a1, a2, a3);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean generatedKeyAlwaysReturned() throws java.sql.SQLException {
    try {
      return delegate.generatedKeyAlwaysReturned();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public long getMaxLogicalLobSize() throws java.sql.SQLException {
    try {
      return delegate.getMaxLogicalLobSize();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsRefCursors() throws java.sql.SQLException {
    try {
      return delegate.supportsRefCursors();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean supportsSharding() throws java.sql.SQLException {
    try {
      return delegate.supportsSharding();
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public <T> T unwrap(java.lang.Class<T> a0) throws java.sql.SQLException {
    try {
      return delegate.unwrap(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isWrapperFor(java.lang.Class<?> a0) throws java.sql.SQLException {
    try {
      return delegate.isWrapperFor(a0);
    } catch (java.sql.SQLException | RuntimeException | AssertionError e) {
      throw translate(e);
    }
  }
}
