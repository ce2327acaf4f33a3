package io.decree.contracts.translate;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.Expression;

/** One configuration of JavaParser for sources and generated expressions alike. */
final class Parsing {
    private Parsing() {
    }

    static JavaParser parser() {
        ParserConfiguration configuration = new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.BLEEDING_EDGE)
                .setAttributeComments(true);
        return new JavaParser(configuration);
    }

    /** Parses generated Java expression text; a failure is reported at {@code at}, the clause's keyword. */
    static Expression expression(String java, Token at, String jml) {
        ParseResult<Expression> result = parser().parseExpression(java);
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            String why = result.getProblems().isEmpty() ? "unparseable" : result.getProblems().getFirst().getMessage();
            int cut = why.indexOf('\n');
            throw new JmlError(at, "cannot read JML expression '" + jml + "' as Java: " + (cut > 0 ? why.substring(0, cut) : why));
        }
        return result.getResult().get();
    }

    static ParseResult<CompilationUnit> unit(String source) {
        return parser().parse(source);
    }
}
