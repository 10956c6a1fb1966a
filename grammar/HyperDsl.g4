// The .hyp language: models made of a target network, conditioning sources, a hypernetwork and training declarations.
//
// Design for error recovery: every statement ends with ';' and every section is braced, so the parser has clear
// synchronisation points; newlines are insignificant. Keywords are contextual (the `ident` rule accepts them), so a
// user may call a value `input`, `weight` or `output` without a clash. Validation of names, arguments and shapes is
// the binder's job: the grammar is deliberately permissive (calls with named arguments everywhere) so that mistakes
// become precise HYP1xxx/HYP2xxx diagnostics instead of syntax errors.
grammar HyperDsl;

file : topDecl* EOF ;

topDecl
    : modelDecl
    | blockDecl
    | letDecl
    ;

modelDecl : MODEL name=ident LBRACE modelMember* RBRACE ;

modelMember
    : inputDecl
    | letDecl
    | blockDecl
    | networkDecl
    | conditionDecl
    | hypernetDecl
    | trainingDecl
    ;

inputDecl : INPUT name=ident COLON shape=expr SEMI ;

letDecl : LET name=ident ASSIGN value=expr SEMI ;

blockDecl : BLOCK name=ident LPAREN (params+=ident (COMMA params+=ident)*)? RPAREN LBRACE stmt* RBRACE ;

networkDecl : TARGET? NETWORK name=ident (LPAREN inputName=ident COLON inputShape=expr RPAREN)? LBRACE stmt* RBRACE ;

conditionDecl : CONDITION name=ident ASSIGN source=expr SEMI ;

hypernetDecl : HYPERNET (FROM sources+=ident (COMMA sources+=ident)*)? LBRACE setting* RBRACE ;

trainingDecl : TRAINING LBRACE setting* RBRACE ;

// `key [name =] [value] [weight w];` covers `body mlp(...)`, `init hyperfan_in`, `loss age = mae(prediction) weight 1`,
// `regularize l2(generated) weight 1e-4`, `episodic beta = 0.2`, `adapt lr = 0.01`.
setting : key=ident (name=ident ASSIGN)? value=expr? (WEIGHT weight=expr)? SEMI ;

stmt
    : letDecl                                              # letStmt
    | OUTPUT name=ident SEMI                               # outputStmt
    | role? name=ident ASSIGN valueDef SEMI                # valueStmt
    | role pattern (COMMA pattern)* SEMI                   # roleStmt
    ;

valueDef
    : pipeline                                             # pipelineDef
    | FOR vars+=ident (COMMA vars+=ident)* IN source=expr naming? repetitionBody   # forDef
    | REPEAT count=expr naming? repetitionBody             # repeatDef
    ;

// `as "encoder_layer_{i}"`: how each iteration's path segment is spelled (default: its index), so paths and
// state-dict keys can follow another library's names.
naming : AS template=STRING ;

repetitionBody
    : COLON pipeline
    | LBRACE stmt* RBRACE
    ;

pipeline : element (ARROW element)* ;

element : role? expr ;

role
    : EXTERNAL (LPAREN parts+=ident (COMMA parts+=ident)* RPAREN)?   # externalRole
    | LORA LPAREN arguments? RPAREN                                  # loraRole
    | FROZEN                                                         # frozenRole
    | TRAINABLE                                                      # trainableRole
    ;

// blocks[*].attn.{q,k,v,o}   head   decoder.2.*   *
pattern : patternSegment (DOT patternSegment | LBRACK patternIndex RBRACK)* ;

patternSegment
    : ident                                                # nameSegment
    | STAR                                                 # anySegment
    | INT                                                  # indexSegment
    | LBRACE ident (COMMA ident)* RBRACE                   # alternativesSegment
    ;

patternIndex : INT | STAR ;

// Alternatives in order of decreasing precedence: negation binds tightest (-a + b is (-a) + b).
expr
    : MINUS expr                                           # negateExpr
    | expr op=(STAR | SLASH) expr                          # binaryExpr
    | expr op=(PLUS | MINUS) expr                          # binaryExpr
    | expr RANGE expr                                      # rangeExpr
    | postfix                                              # postfixExpr
    ;

postfix
    : primary                                              # primaryPostfix
    | postfix LBRACK expr RBRACK                           # indexPostfix
    | postfix DOT ident                                    # memberPostfix
    ;

primary
    : INT                                                  # intLiteral
    | FLOAT                                                # floatLiteral
    | STRING                                               # stringLiteral
    | callee=ident LPAREN arguments? RPAREN                # callExpr
    | ident                                                # nameExpr
    | LBRACK (expr (COMMA expr)*)? COMMA? RBRACK           # listExpr
    | LPAREN expr COMMA expr (COMMA expr)* RPAREN          # tupleExpr
    | LPAREN expr RPAREN                                   # parenExpr
    ;

arguments : argument (COMMA argument)* ;

argument : (name=ident COLON)? value=expr ;

// Keywords are contextual: every keyword is also a valid identifier where a name is expected.
ident
    : IDENT
    | MODEL | BLOCK | NETWORK | TARGET | INPUT | LET | CONDITION | HYPERNET | FROM | TRAINING | WEIGHT
    | OUTPUT | FOR | IN | REPEAT | AS | EXTERNAL | LORA | FROZEN | TRAINABLE
    ;

MODEL     : 'model' ;
BLOCK     : 'block' ;
NETWORK   : 'network' ;
TARGET    : 'target' ;
INPUT     : 'input' ;
LET       : 'let' ;
CONDITION : 'condition' ;
HYPERNET  : 'hypernet' ;
FROM      : 'from' ;
TRAINING  : 'training' ;
WEIGHT    : 'weight' ;
OUTPUT    : 'output' ;
FOR       : 'for' ;
IN        : 'in' ;
REPEAT    : 'repeat' ;
AS        : 'as' ;
EXTERNAL  : 'external' ;
LORA      : 'lora' ;
FROZEN    : 'frozen' ;
TRAINABLE : 'trainable' ;

LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACK : '[' ;
RBRACK : ']' ;
SEMI   : ';' ;
COLON  : ':' ;
COMMA  : ',' ;
ARROW  : '->' ;
RANGE  : '..' ;
DOT    : '.' ;
ASSIGN : '=' ;
PLUS   : '+' ;
MINUS  : '-' ;
STAR   : '*' ;
SLASH  : '/' ;

FLOAT
    : DIGITS '.' DIGITS EXPONENT?
    | DIGITS EXPONENT
    ;
INT : DIGITS ;
fragment DIGITS : [0-9] ('_'? [0-9])* ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;

// Letters of any script are lexed as identifiers so that a non-ASCII name gets a precise diagnostic (HYP0005)
// instead of a cascade of unexpected characters.
IDENT : [\p{L}_] [\p{L}\p{N}_]* ;

STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;

DOC_COMMENT : '///' ~[\r\n]* -> channel(2) ;
LINE_COMMENT : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'+ '/' -> channel(HIDDEN) ;
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF ;

WS : [ \t\r\n\u000C]+ -> channel(HIDDEN) ;

// Anything else: reported once per run of bad characters by the parser front end (HYP0001).
BAD_CHAR : . ;
