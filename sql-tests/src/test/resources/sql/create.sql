# CREATE TABLE: every column type, inline and composite primary keys, IF NOT EXISTS, and the
# definitions BlockDB refuses. Contract: CREATE TABLE returns update count 0; a primary key is
# required; errors 42S01/104 (exists), 42S21/109 (duplicate column), 42000/109 (bad definition).

CREATE TABLE ALL_TYPES (
  ID INTEGER PRIMARY KEY,
  VC VARCHAR(20) NOT NULL,
  CH CHAR(3),
  BO BOOLEAN,
  BI BIGINT,
  DE DECIMAL(10,2),
  DBL DOUBLE,
  DA DATE,
  TI TIME,
  TS TIMESTAMP,
  VB VARBINARY(8));
!update 0

# An empty table: the header and column metadata only.
SELECT * FROM ALL_TYPES;
ID | VC | CH | BO | BI | DE | DBL | DA | TI | TS | VB
!ok
!types INTEGER | VARCHAR | CHAR | BOOLEAN | BIGINT | DECIMAL | DOUBLE | DATE | TIME | TIMESTAMP | VARBINARY
!columns ID INTEGER NOT NULL | VC VARCHAR(20) NOT NULL | CH CHAR(3) | BO BOOLEAN | BI BIGINT | DE DECIMAL(10,2) | DBL DOUBLE | DA DATE | TI TIME | TS TIMESTAMP | VB VARBINARY(8)

INSERT INTO ALL_TYPES VALUES (1, 'text', 'abc', TRUE, 9000000000, 12345678.91, 2.5,
  DATE '2024-02-29', TIME '23:59:59', TIMESTAMP '2024-02-29 12:34:56', X'00ff10');
!update 1

SELECT * FROM ALL_TYPES;
ID | VC | CH | BO | BI | DE | DBL | DA | TI | TS | VB
1 | text | abc | TRUE | 9000000000 | 12345678.91 | 2.5 | 2024-02-29 | 23:59:59 | 2024-02-29 12:34:56 | 00ff10
!ok

# Composite primary key as a table constraint: its columns become NOT NULL.
CREATE TABLE PAIRS (A VARCHAR(10), B INTEGER, NOTE VARCHAR(40), PRIMARY KEY (A, B));
!update 0

SELECT * FROM PAIRS;
A | B | NOTE
!ok
!columns A VARCHAR(10) NOT NULL | B INTEGER NOT NULL | NOTE VARCHAR(40)

# Schema-qualified name, lower-case identifiers (upper-cased), the PRIMARY KEY constraint on one column.
create table blockdb.lower_case (id bigint not null, name varchar(5), primary key (id));
!update 0

insert into lower_case (id, name) values (7, 'seven');
!update 1

SELECT ID, NAME FROM BLOCKDB.LOWER_CASE;
ID | NAME
7 | seven
!ok
!columns ID BIGINT NOT NULL | NAME VARCHAR(5)

# Unbounded VARCHAR and VARBINARY, as the KV table uses.
CREATE TABLE UNBOUNDED (K VARCHAR PRIMARY KEY, V VARBINARY);
!update 0

SELECT * FROM UNBOUNDED;
K | V
!ok
!types VARCHAR | VARBINARY

# Every type can be a primary key column.
CREATE TABLE KEYED (A CHAR(2), B BOOLEAN, C BIGINT, D DECIMAL(6,3), E DOUBLE, F DATE, G TIME,
  H TIMESTAMP, I VARBINARY(4), PRIMARY KEY (A, B, C, D, E, F, G, H, I));
!update 0

SELECT * FROM KEYED;
A | B | C | D | E | F | G | H | I
!ok
!columns A CHAR(2) NOT NULL | B BOOLEAN NOT NULL | C BIGINT NOT NULL | D DECIMAL(6,3) NOT NULL | E DOUBLE NOT NULL | F DATE NOT NULL | G TIME NOT NULL | H TIMESTAMP NOT NULL | I VARBINARY(4) NOT NULL

# --- IF NOT EXISTS ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS FRESH (ID INTEGER PRIMARY KEY);
!update 0

SELECT * FROM FRESH;
ID
!ok

# An existing table is left as it is, even when the new definition differs.
CREATE TABLE IF NOT EXISTS PAIRS (X INTEGER PRIMARY KEY);
!update 0

SELECT * FROM PAIRS;
A | B | NOTE
!ok

# --- refused definitions ---------------------------------------------------------------------

CREATE TABLE PAIRS (X INTEGER PRIMARY KEY);
!error 42S01 104 PAIRS

create table pairs (x integer primary key);
!error 42S01 104 PAIRS

# The built-in key/value table exists from the start.
CREATE TABLE KV (K VARCHAR(10) PRIMARY KEY);
!error 42S01 104 KV

CREATE TABLE NO_KEY (ID INTEGER, NAME VARCHAR(10));
!error 42000 109 primary key

CREATE TABLE TWO_KEYS (A INTEGER PRIMARY KEY, B INTEGER PRIMARY KEY);
!error 42000 109

CREATE TABLE KEY_OF_NOTHING (A INTEGER, PRIMARY KEY (NOPE));
!error 42S22 103 NOPE

CREATE TABLE DUP_COL (ID INTEGER PRIMARY KEY, NAME VARCHAR(10), NAME INTEGER);
!error 42S21 109 NAME

# Duplicate column names after upper-casing.
CREATE TABLE DUP_CASE (ID INTEGER PRIMARY KEY, name VARCHAR(10), NAME VARCHAR(10));
!error 42S21 109 NAME

CREATE TABLE BAD_TYPE (ID INTEGER PRIMARY KEY, X NO_SUCH_TYPE);
!error 42000 109 NO_SUCH_TYPE

CREATE TABLE BAD_SCALE (ID INTEGER PRIMARY KEY, X DECIMAL(2,5));
!error 42000 109

# Types outside the supported list are refused, not silently mapped.
CREATE TABLE T_TINYINT (ID INTEGER PRIMARY KEY, X TINYINT);
!error 42000 109 TINYINT

CREATE TABLE T_SMALLINT (ID INTEGER PRIMARY KEY, X SMALLINT);
!error 42000 109 SMALLINT

CREATE TABLE T_REAL (ID INTEGER PRIMARY KEY, X REAL);
!error 42000 109 REAL

CREATE TABLE T_FLOAT (ID INTEGER PRIMARY KEY, X FLOAT);
!error 42000 109 FLOAT

CREATE TABLE T_BINARY (ID INTEGER PRIMARY KEY, X BINARY(4));
!error 42000 109 BINARY

CREATE TABLE T_INTERVAL (ID INTEGER PRIMARY KEY, X INTERVAL DAY);
!error 42000 109 INTERVAL

# Collection types do not even parse in a column definition.
CREATE TABLE T_ARRAY (ID INTEGER PRIMARY KEY, X INTEGER ARRAY);
!error 42000 102 ARRAY

CREATE TABLE T_LTZ (ID INTEGER PRIMARY KEY, X TIMESTAMP WITH LOCAL TIME ZONE);
!error 42000 109

# A refused definition creates nothing.
SELECT * FROM NO_KEY;
!error 42S02 103 NO_KEY

SELECT * FROM DUP_COL;
!error 42S02 103 DUP_COL

SELECT * FROM T_TINYINT;
!error 42S02 103 T_TINYINT

# The refused CREATEs left the good tables alone.
SELECT ID, VC FROM ALL_TYPES;
ID | VC
1 | text
!ok
