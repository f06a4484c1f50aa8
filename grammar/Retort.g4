// Retort migration language, v1. One revision per .mig file.
// The C++ parser is generated from this file at build time (never committed).
// Reference with examples: docs/dsl.md.
grammar Retort;

// ---------------------------------------------------------------- file

migration
  : header statement* EOF
  ;

header
  : REVISION revisionId headerClause*
  ;

headerClause
  : parentClause
  | dependsOnClause
  | branchClause
  | allowClause
  | messageClause
  ;

parentClause    : PARENT revisionId (',' revisionId)* ;
dependsOnClause : DEPENDS_ON revisionId (',' revisionId)* ;
branchClause    : BRANCH name ;
// Acknowledges safety lints for this revision: allow data_loss, rename
allowClause     : ALLOW name (',' name)* ;
messageClause   : MESSAGE STRING ;

revisionId
  : IDENT
  | INT
  | keyword
  ;

// ---------------------------------------------------------------- operations

statement
  : createTable
  | dropTable
  | alterTable
  | createIndex
  | dropIndex
  | renameTable
  | renameIndex
  | sqlBlock
  | createView
  | createTrigger
  | createEvent
  | dropObject
  ;

// Views, triggers and events: named objects with an opaque body (a text per
// dialect, as in sql blocks, kept whole). `uses t1, t2` declares the tables
// the body reads or writes (a trigger's own table counts without it).
createView
  : CREATE VIEW name usesClause? AS body=sqlVariants ';'
  ;

createTrigger
  : CREATE TRIGGER name timing=(BEFORE | AFTER) event=(INSERT | UPDATE | DELETE) ON name
    usesClause? AS body=sqlVariants ';'
  ;

createEvent
  : CREATE EVENT name ON SCHEDULE schedule=SQL_TEXT eventOption* usesClause?
    DO body=sqlVariants ';'
  ;

eventOption
  : ON COMPLETION NOT? PRESERVE   # completionOption
  | ENABLE                        # enableOption
  | DISABLE                       # disableOption
  | COMMENT STRING                # eventCommentOption
  ;

usesClause
  : USES name (',' name)*
  ;

dropObject
  : DROP kind=(VIEW | TRIGGER | EVENT) name ';'
  ;

renameIndex
  : RENAME INDEX name TO name (ON name)? ';'
  ;

renameTable
  : RENAME TABLE name TO name ';'
  ;

createTable
  : CREATE TABLE name '{' tableElement* '}' tableOption*
  ;

// Where the dialect has them (MySQL); other dialects ignore them.
tableOption
  : ENGINE '='? name          # engineOption
  | CHARSET '='? name         # charsetOption
  | COLLATE '='? name         # collateOption
  | COMMENT '='? STRING       # tableCommentOption
  ;

tableElement
  : columnDef ';'
  | primaryKeyDef ';'
  | foreignKeyDef ';'
  | uniqueDef ';'
  | checkDef ';'
  ;

// [constraint NAME] unique (a, b): a unique key, the same as a unique index.
uniqueDef
  : (CONSTRAINT name)? UNIQUE nameList
  ;

// [constraint NAME] check (SQL expression, passed through as written)
checkDef
  : (CONSTRAINT name)? CHECK balanced
  ;

balanced
  : '(' (~('(' | ')') | balanced)* ')'
  ;

// [constraint NAME] foreign key (a, b) references t (x, y) [on delete A] [on update A]
foreignKeyDef
  : (CONSTRAINT name)? FOREIGN KEY nameList references
  ;

references
  : REFERENCES name nameList referentialAction*
  ;

referentialAction
  : ON (DELETE | UPDATE) (CASCADE | SET NULL_ | RESTRICT | NO ACTION)
  ;

primaryKeyDef
  : PRIMARY KEY nameList
  ;

columnDef
  : name typeSpec columnAttr*
  ;

columnAttr
  : NOT NULL_                 # notNullAttr
  | NULL_                     # nullAttr
  | DEFAULT defaultValue      # defaultAttr
  | PRIMARY KEY               # primaryKeyAttr
  | AUTO_INCREMENT            # autoIncrementAttr
  | INVISIBLE                 # invisibleAttr
  | UNIQUE                    # uniqueAttr
  | ON UPDATE CURRENT_TIMESTAMP ('(' INT ')')?  # onUpdateAttr
  | references                # referencesAttr
  | COMMENT STRING            # commentAttr
  | CHARSET name              # charsetAttr
  | COLLATE name              # collateAttr
  | AS balanced (VIRTUAL | STORED)?  # generatedAttr
  ;

defaultValue
  : STRING
  | '-'? (INT | DECIMAL_LIT)
  | TRUE
  | FALSE
  | NULL_
  | CURRENT_TIMESTAMP ('(' INT ')')?
  | balanced                  // an expression: `default (uuid())`
  ;

typeSpec
  : (INTEGER | BIGINT | SMALLINT | TINYINT | MEDIUMINT) UNSIGNED?
  | BOOLEAN
  | (VARCHAR | CHAR | BINARY | VARBINARY) '(' INT ')'
  | TEXT | TINYTEXT | MEDIUMTEXT | LONGTEXT
  | DECIMAL '(' INT ',' INT ')' UNSIGNED?
  | FLOAT
  | DOUBLE
  | DATE
  | (DATETIME | TIMESTAMP | TIME) ('(' INT ')')?
  | YEAR
  | JSON
  | BLOB | TINYBLOB | MEDIUMBLOB | LONGBLOB
  | ENUM '(' STRING (',' STRING)* ')'
  | SET '(' STRING (',' STRING)* ')'
  | BIT ('(' INT ')')?
  | UUID
  | (POINT | GEOMETRY) (SRID INT)?
  ;

dropTable
  : DROP TABLE name ';'
  ;

alterTable
  : ALTER TABLE name '{' alterAction* '}'
  ;

alterAction
  : ADD COLUMN columnDef columnPosition? ';'   # addColumnAction
  | DROP COLUMN name ';'       # dropColumnAction
  | ALTER COLUMN name columnChange (',' columnChange)* ';'  # alterColumnAction
  | RENAME COLUMN name TO name ';'                          # renameColumnAction
  | ADD foreignKeyDef ';'                                   # addForeignKeyAction
  | ADD uniqueDef ';'                                       # addUniqueAction
  | ADD checkDef ';'                                        # addCheckAction
  | DROP CONSTRAINT name ';'                                # dropConstraintAction
  ;

// MySQL's column placement; SQLite rebuilds the table to follow it.
columnPosition
  : FIRST
  | AFTER name
  ;

columnChange
  : TYPE typeSpec                 # typeChange
  | POSITION columnPosition       # positionChange
  | SET NOT NULL_                 # setNotNullChange
  | DROP NOT NULL_                # dropNotNullChange
  | SET DEFAULT defaultValue      # setDefaultChange
  | DROP DEFAULT                  # dropDefaultChange
  | RENAME TO name                # renameChange
  | SET COMMENT STRING            # setCommentChange
  ;

createIndex
  : CREATE (UNIQUE | SPATIAL | FULLTEXT)? INDEX name ON name indexColumns (COMMENT STRING)? ';'
  ;

indexColumns
  : '(' indexColumn (',' indexColumn)* ')'
  ;

indexColumn
  : name ('(' INT ')')? (ASC | DESC)?
  ;

dropIndex
  : DROP INDEX name (ON name)? ';'
  ;

// sql """...""" runs on every dialect; `sql mysql """...""" sqlite """..."""`
// gives each dialect its own text (a text without a name covers the others).
// `sql on t1, t2 ...` declares the tables whose rows the block touches.
sqlBlock
  : SQL (ON name (',' name)*)? sqlUp=sqlVariants (DOWN sqlDown=sqlVariants | IRREVERSIBLE) ';'
  ;

sqlVariants
  : sqlVariant+
  ;

sqlVariant
  : name? SQL_TEXT
  ;

nameList
  : '(' name (',' name)* ')'
  ;

// A name may be a plain identifier, a quoted one, or any keyword of the
// language: `create table order { key integer; }` is fine.
name
  : IDENT
  | QUOTED_IDENT
  | keyword
  ;

keyword
  : REVISION | PARENT | DEPENDS_ON | BRANCH | MESSAGE
  | CREATE | DROP | ALTER | TABLE | ADD | COLUMN | INDEX | UNIQUE | ON
  | PRIMARY | KEY | NOT | NULL_ | DEFAULT | AUTO_INCREMENT
  | TRUE | FALSE | CURRENT_TIMESTAMP | SQL | DOWN | IRREVERSIBLE
  | UPDATE | ENGINE | CHARSET | COLLATE
  | RENAME | TO | TYPE | SET
  | CONSTRAINT | FOREIGN | REFERENCES | DELETE | CASCADE | RESTRICT | NO | ACTION
  | CHECK | ENUM | ALLOW | COMMENT | POINT | GEOMETRY | SRID | SPATIAL
  | INTEGER | BIGINT | SMALLINT | BOOLEAN | VARCHAR | TEXT | DECIMAL
  | FLOAT | DOUBLE | DATE | DATETIME | TIMESTAMP | JSON | BLOB
  | TINYINT | MEDIUMINT | UNSIGNED | CHAR | BINARY | VARBINARY | TIME | YEAR
  | TINYTEXT | MEDIUMTEXT | LONGTEXT | TINYBLOB | MEDIUMBLOB | LONGBLOB
  | VIEW | TRIGGER | EVENT | BEFORE | AFTER | INSERT | SCHEDULE | COMPLETION
  | PRESERVE | ENABLE | DISABLE | DO | AS | USES | FULLTEXT | FIRST | POSITION | BIT | UUID | VIRTUAL | STORED | INVISIBLE
  | ASC | DESC
  ;

// ---------------------------------------------------------------- lexer

REVISION          : R E V I S I O N ;
PARENT            : P A R E N T ;
DEPENDS_ON        : D E P E N D S '_' O N ;
BRANCH            : B R A N C H ;
MESSAGE           : M E S S A G E ;
CREATE            : C R E A T E ;
DROP              : D R O P ;
ALTER             : A L T E R ;
TABLE             : T A B L E ;
ADD               : A D D ;
COLUMN            : C O L U M N ;
INDEX             : I N D E X ;
UNIQUE            : U N I Q U E ;
ON                : O N ;
PRIMARY           : P R I M A R Y ;
KEY               : K E Y ;
NOT               : N O T ;
NULL_             : N U L L ;
DEFAULT           : D E F A U L T ;
AUTO_INCREMENT    : A U T O '_' I N C R E M E N T ;
TRUE              : T R U E ;
FALSE             : F A L S E ;
CURRENT_TIMESTAMP : C U R R E N T '_' T I M E S T A M P ;
SQL               : S Q L ;
DOWN              : D O W N ;
IRREVERSIBLE      : I R R E V E R S I B L E ;
UPDATE            : U P D A T E ;
RENAME            : R E N A M E ;
CONSTRAINT        : C O N S T R A I N T ;
CHECK             : C H E C K ;
ALLOW             : A L L O W ;
COMMENT           : C O M M E N T ;
POINT             : P O I N T ;
GEOMETRY          : G E O M E T R Y ;
SRID              : S R I D ;
SPATIAL           : S P A T I A L ;
ENUM              : E N U M ;
FOREIGN           : F O R E I G N ;
REFERENCES        : R E F E R E N C E S ;
DELETE            : D E L E T E ;
CASCADE           : C A S C A D E ;
RESTRICT          : R E S T R I C T ;
NO                : N O ;
ACTION            : A C T I O N ;
TO                : T O ;
TYPE              : T Y P E ;
SET               : S E T ;
ENGINE            : E N G I N E ;
CHARSET           : C H A R S E T ;
COLLATE           : C O L L A T E ;
INTEGER           : I N T E G E R ;
BIGINT            : B I G I N T ;
SMALLINT          : S M A L L I N T ;
BOOLEAN           : B O O L E A N ;
VARCHAR           : V A R C H A R ;
TEXT              : T E X T ;
DECIMAL           : D E C I M A L ;
FLOAT             : F L O A T ;
DOUBLE            : D O U B L E ;
DATE              : D A T E ;
DATETIME          : D A T E T I M E ;
TIMESTAMP         : T I M E S T A M P ;
JSON              : J S O N ;
BLOB              : B L O B ;
TINYINT           : T I N Y I N T ;
MEDIUMINT         : M E D I U M I N T ;
UNSIGNED          : U N S I G N E D ;
CHAR              : C H A R ;
BINARY            : B I N A R Y ;
VARBINARY         : V A R B I N A R Y ;
TIME              : T I M E ;
YEAR              : Y E A R ;
TINYTEXT          : T I N Y T E X T ;
MEDIUMTEXT        : M E D I U M T E X T ;
LONGTEXT          : L O N G T E X T ;
TINYBLOB          : T I N Y B L O B ;
MEDIUMBLOB        : M E D I U M B L O B ;
LONGBLOB          : L O N G B L O B ;
ASC               : A S C ;
DESC              : D E S C ;
VIEW              : V I E W ;
TRIGGER           : T R I G G E R ;
EVENT             : E V E N T ;
BEFORE            : B E F O R E ;
AFTER             : A F T E R ;
INSERT            : I N S E R T ;
SCHEDULE          : S C H E D U L E ;
COMPLETION        : C O M P L E T I O N ;
PRESERVE          : P R E S E R V E ;
ENABLE            : E N A B L E ;
DISABLE           : D I S A B L E ;
DO                : D O ;
AS                : A S ;
USES              : U S E S ;
FULLTEXT          : F U L L T E X T ;
FIRST             : F I R S T ;
POSITION          : P O S I T I O N ;
BIT               : B I T ;
UUID              : U U I D ;
VIRTUAL           : V I R T U A L ;
STORED            : S T O R E D ;
INVISIBLE         : I N V I S I B L E ;

INT          : [0-9]+ ;
DECIMAL_LIT  : [0-9]+ '.' [0-9]+ ;
IDENT        : [A-Za-z0-9_]+ ;
QUOTED_IDENT : '`' ~[`\r\n]+ '`' ;
STRING       : '"' ( '\\' . | ~["\\\r\n] )* '"'
             | '\'' ( '\'\'' | ~['\r\n] )* '\''
             ;
// Raw SQL for `sql` blocks: triple-quoted, may span lines.
SQL_TEXT     : '"""' .*? '"""' ;

LINE_COMMENT  : ('--' | '//' | '#') ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n]+ -> skip ;

// Tokens that never close. Each matches what its closed form would, up to
// where it cannot go on, so the lexer reads every byte once (without them it
// would retry from each later quote: quadratic time). No parser rule takes
// them: front/parse.cpp reports each at its position before parsing.
UNTERMINATED_STRING : '"' ( '\\' . | ~["\\\r\n] )*
                    | '\'' ( '\'\'' | ~['\r\n] )*
                    ;
UNTERMINATED_QUOTED_IDENT : '`' ~[`\r\n]+ ;
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF ;

// Anything else is reported as a syntax error at its position.
UNEXPECTED_CHAR : . ;

fragment A : [aA] ; fragment B : [bB] ; fragment C : [cC] ; fragment D : [dD] ;
fragment E : [eE] ; fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ;
fragment I : [iI] ; fragment J : [jJ] ; fragment K : [kK] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment P : [pP] ;
fragment Q : [qQ] ; fragment R : [rR] ; fragment S : [sS] ; fragment T : [tT] ;
fragment U : [uU] ; fragment V : [vV] ; fragment W : [wW] ; fragment X : [xX] ;
fragment Y : [yY] ; fragment Z : [zZ] ;
