// Placeholder grammar: replaced by the full .hyp language.
grammar HyperDsl;

file : model* EOF ;
model : 'model' IDENT '{' '}' ;

IDENT : [a-zA-Z_] [a-zA-Z_0-9]* ;
WS : [ \t\r\n]+ -> skip ;
