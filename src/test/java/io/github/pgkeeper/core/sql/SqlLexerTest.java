package io.github.pgkeeper.core.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlLexerTest {

  private static List<TokenType> types(String sql) {
    return SqlLexer.tokenize(sql).stream().map(Token::type).toList();
  }

  private static List<String> texts(String sql) {
    return SqlLexer.tokenize(sql).stream().map(t -> t.text(sql)).toList();
  }

  /** The only token of {@code sql}, failing if there is not exactly one. */
  private static Token single(String sql) {
    List<Token> tokens = SqlLexer.tokenize(sql);
    assertEquals(1, tokens.size(), () -> "tokens of <" + sql + ">: " + tokens);
    return tokens.get(0);
  }

  private static SqlSyntaxException unterminated(String sql) {
    return assertThrows(SqlSyntaxException.class, () -> SqlLexer.tokenize(sql));
  }

  @Nested
  class Basics {
    @Test
    void emptyAndBlankSourcesHaveNoTokens() {
      assertEquals(List.of(), SqlLexer.tokenize(""));
      assertEquals(List.of(), SqlLexer.tokenize("  \n\t\r\n  "));
    }

    @Test
    void splitsASimpleStatementIntoTypedTokensWithoutWhitespace() {
      String sql = "SELECT a, 42 FROM t WHERE x = ($1);";
      assertEquals(
          List.of("SELECT", "a", ",", "42", "FROM", "t", "WHERE", "x", "=", "(", "$1", ")", ";"),
          texts(sql));
      assertEquals(
          List.of(
              TokenType.WORD,
              TokenType.WORD,
              TokenType.SYMBOL,
              TokenType.NUMBER,
              TokenType.WORD,
              TokenType.WORD,
              TokenType.WORD,
              TokenType.WORD,
              TokenType.SYMBOL,
              TokenType.OPEN_PAREN,
              TokenType.PARAMETER,
              TokenType.CLOSE_PAREN,
              TokenType.SEMICOLON),
          types(sql));
    }

    @Test
    void tokenOffsetsAreStartInclusiveEndExclusive() {
      String sql = "  foo bar";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(new Token(TokenType.WORD, 2, 5, 1, 3), tokens.get(0));
      assertEquals(new Token(TokenType.WORD, 6, 9, 1, 7), tokens.get(1));
    }

    @Test
    void linesAndColumnsAreOneBased() {
      String sql = "SELECT 1;\n\n  SELECT\t2;";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(6, tokens.size());
      Token secondSelect = tokens.get(3);
      assertEquals("SELECT", secondSelect.text(sql));
      assertEquals(3, secondSelect.line());
      assertEquals(3, secondSelect.column());
      Token two = tokens.get(4);
      assertEquals(3, two.line());
      assertEquals(10, two.column(), "a tab counts as one column");
    }

    @Test
    void crlfLineEndsCountAsOneLine() {
      String sql = "SELECT 1;\r\nSELECT 2;\r\n  x";
      List<Token> tokens = SqlLexer.tokenize(sql);
      Token x = tokens.get(tokens.size() - 1);
      assertEquals("x", x.text(sql));
      assertEquals(3, x.line());
      assertEquals(3, x.column());
    }

    @Test
    void numbersInTheirVariousForms() {
      for (String number :
          List.of("0", "42", "3.14", ".5", "5.", "1e10", "1.5e-3", "2E+7", "1_000")) {
        Token token = single(number);
        assertEquals(TokenType.NUMBER, token.type(), number);
        assertEquals(number, token.text(number));
      }
    }

    @Test
    void operatorsAreSymbols() {
      String sql = "a::int <> b || c";
      assertEquals(List.of("a", ":", ":", "int", "<", ">", "b", "|", "|", "c"), texts(sql));
      assertEquals(TokenType.SYMBOL, SqlLexer.tokenize(sql).get(1).type());
    }

    @Test
    void tokenTextAndIsWord() {
      String sql = "begin \"BEGIN\" 'begin' beginning";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals("begin", tokens.get(0).text(sql));
      assertTrue(tokens.get(0).isWord(sql, "BEGIN"), "key words match ignoring case");
      assertTrue(tokens.get(0).isWord(sql, "begin"));
      assertFalse(tokens.get(1).isWord(sql, "BEGIN"), "a quoted identifier is not a key word");
      assertFalse(tokens.get(2).isWord(sql, "begin"), "a string is not a key word");
      assertFalse(tokens.get(3).isWord(sql, "BEGIN"), "a longer word does not match a prefix");
      assertFalse(tokens.get(0).isWord(sql, "BEGINS"));
    }
  }

  @Nested
  class Comments {
    @Test
    void lineCommentRunsToTheEndOfTheLineAndHidesSemicolons() {
      String sql = "SELECT 1 -- a comment; with 'quotes' and /* */\n;";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(
          List.of(TokenType.WORD, TokenType.NUMBER, TokenType.LINE_COMMENT, TokenType.SEMICOLON),
          types(sql));
      assertEquals("-- a comment; with 'quotes' and /* */", tokens.get(2).text(sql));
      assertEquals(1, tokens.get(2).line());
      assertEquals(10, tokens.get(2).column());
      assertEquals(2, tokens.get(3).line());
      assertEquals(1, tokens.get(3).column());
    }

    @Test
    void lineCommentAtTheEndOfTheFileWithoutNewline() {
      Token comment = single("-- last line");
      assertEquals(TokenType.LINE_COMMENT, comment.type());
      assertEquals(12, comment.end());
    }

    @Test
    void singleDashIsAnOperator() {
      assertEquals(List.of("1", "-", "2"), texts("1 - 2"));
    }

    @Test
    void blockCommentMayNest() {
      String sql = "/* outer /* inner; */ still comment; */ SELECT";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(List.of(TokenType.BLOCK_COMMENT, TokenType.WORD), types(sql));
      assertEquals("/* outer /* inner; */ still comment; */", tokens.get(0).text(sql));
    }

    @Test
    void multiLineBlockCommentKeepsItsStartAndAdvancesLines() {
      String sql = "x /* one\ntwo\nthree */ y";
      List<Token> tokens = SqlLexer.tokenize(sql);
      Token comment = tokens.get(1);
      assertEquals(TokenType.BLOCK_COMMENT, comment.type());
      assertEquals(1, comment.line());
      assertEquals(3, comment.column());
      Token y = tokens.get(2);
      assertEquals("y", y.text(sql));
      assertEquals(3, y.line());
      assertEquals(10, y.column());
    }

    @Test
    void quotesInsideCommentsAreIgnored() {
      String sql = "/* it's \"odd\" $$ */ -- don't\nSELECT";
      assertEquals(
          List.of(TokenType.BLOCK_COMMENT, TokenType.LINE_COMMENT, TokenType.WORD), types(sql));
    }

    @Test
    void commentMarkersInsideStringsAreNotComments() {
      String sql = "'-- not a comment' '/* nor this */'";
      assertEquals(List.of(TokenType.STRING, TokenType.STRING), types(sql));
    }

    @Test
    void isCommentOnlyForCommentTypes() {
      for (TokenType type : TokenType.values()) {
        assertEquals(
            type == TokenType.LINE_COMMENT || type == TokenType.BLOCK_COMMENT,
            type.isComment(),
            type.name());
      }
    }
  }

  @Nested
  class Strings {
    @Test
    void doubledQuoteStaysInsideTheString() {
      String sql = "'it''s; fine' x";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(List.of(TokenType.STRING, TokenType.WORD), types(sql));
      assertEquals("'it''s; fine'", tokens.get(0).text(sql));
    }

    @Test
    void emptyStringAndStringOfOneQuote() {
      assertEquals(List.of("''", "''''", ";"), texts("'' '''';"));
      assertEquals(
          List.of(TokenType.STRING, TokenType.STRING, TokenType.SEMICOLON), types("'' '''';"));
    }

    @Test
    void backslashIsNotAnEscapeInAStandardString() {
      // standard_conforming_strings = on: 'a\' is a complete string.
      String sql = "'a\\'; SELECT 1";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals("'a\\'", tokens.get(0).text(sql));
      assertEquals(TokenType.SEMICOLON, tokens.get(1).type());
    }

    @Test
    void multiLineStringKeepsItsStartAndLaterTokensGetTheRightLine() {
      String sql = "SELECT 'one\ntwo\nthree' AS x";
      List<Token> tokens = SqlLexer.tokenize(sql);
      Token string = tokens.get(1);
      assertEquals(TokenType.STRING, string.type());
      assertEquals(1, string.line());
      assertEquals(8, string.column());
      Token as = tokens.get(2);
      assertEquals("AS", as.text(sql));
      assertEquals(3, as.line());
      assertEquals(8, as.column());
    }

    @Test
    void escapeStringWithEscapedQuote() {
      String sql = "E'it\\'s' ;";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(List.of(TokenType.STRING, TokenType.SEMICOLON), types(sql));
      assertEquals("E'it\\'s'", tokens.get(0).text(sql));
    }

    @Test
    void escapeStringEndingInAnEscapedBackslash() {
      String sql = "SELECT E'\\\\'; SELECT 2";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals("E'\\\\'", tokens.get(1).text(sql));
      assertEquals(TokenType.STRING, tokens.get(1).type());
      assertEquals(TokenType.SEMICOLON, tokens.get(2).type());
      assertEquals(5, tokens.size());
    }

    @Test
    void escapeStringPrefixIsCaseInsensitiveAndAcceptsDoubledQuotes() {
      Token token = single("e'a''b\\'c'");
      assertEquals(TokenType.STRING, token.type());
      assertEquals(0, token.start());
      assertEquals(10, token.end());
    }

    @Test
    void escapedNewlineInEscapeStringCountsAsALine() {
      String sql = "E'a\\\nb' z";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(List.of(TokenType.STRING, TokenType.WORD), types(sql));
      assertEquals(2, tokens.get(1).line());
      assertEquals(4, tokens.get(1).column());
    }

    @Test
    void unicodeEscapeStringAndIdentifier() {
      String sql = "U&'d\\0061t\\+000061' u&\"d\\0061t\" U&'x''y'";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(
          List.of(TokenType.STRING, TokenType.QUOTED_IDENTIFIER, TokenType.STRING), types(sql));
      assertEquals("U&'d\\0061t\\+000061'", tokens.get(0).text(sql));
      assertEquals("u&\"d\\0061t\"", tokens.get(1).text(sql));
      assertEquals("U&'x''y'", tokens.get(2).text(sql));
    }

    @Test
    void unicodeStringBackslashDoesNotEscapeTheQuote() {
      // In U&'...' a backslash starts a Unicode escape, it does not hide the closing quote.
      String sql = "U&'\\' ;";
      assertEquals(List.of(TokenType.STRING, TokenType.SEMICOLON), types(sql));
    }

    @ParameterizedTest
    @ValueSource(strings = {"B'1010'", "b'1'", "X'1F'", "x'ff'", "N'national'", "n'it''s'"})
    void bitHexAndNationalStrings(String sql) {
      Token token = single(sql);
      assertEquals(TokenType.STRING, token.type());
      assertEquals(sql, token.text(sql));
    }

    @Test
    void prefixLettersFollowedBySpaceAreWords() {
      String sql = "E 'x' B";
      assertEquals(List.of(TokenType.WORD, TokenType.STRING, TokenType.WORD), types(sql));
      assertEquals(List.of("E", "'x'", "B"), texts(sql));
    }

    @Test
    void wordEndingInAPrefixLetterIsNotAPrefixedString() {
      // "type'x'" is the word "type" followed by a plain string.
      String sql = "type'a\\'";
      assertEquals(List.of("type", "'a\\'"), texts(sql));
    }
  }

  @Nested
  class QuotedIdentifiers {
    @Test
    void doubledDoubleQuoteStaysInside() {
      String sql = "\"a\"\"b; c\" d";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(List.of(TokenType.QUOTED_IDENTIFIER, TokenType.WORD), types(sql));
      assertEquals("\"a\"\"b; c\"", tokens.get(0).text(sql));
    }

    @Test
    void singleQuoteInsideAQuotedIdentifier() {
      String sql = "\"it's\" 'x'";
      assertEquals(List.of(TokenType.QUOTED_IDENTIFIER, TokenType.STRING), types(sql));
    }
  }

  @Nested
  class Dollars {
    @Test
    void emptyTagDollarQuoteHidesSemicolonsAndQuotes() {
      String sql = "DO $$ BEGIN PERFORM 'x'; RAISE NOTICE 'it''s'; END $$;";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(
          List.of(TokenType.WORD, TokenType.DOLLAR_STRING, TokenType.SEMICOLON), types(sql));
      assertEquals("$$ BEGIN PERFORM 'x'; RAISE NOTICE 'it''s'; END $$", tokens.get(1).text(sql));
    }

    @Test
    void taggedDollarQuoteContainingAnEmptyTagQuote() {
      String sql = "AS $fn$ SELECT $$;$$; 'unclosed $fn$ LANGUAGE sql";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(
          List.of(TokenType.WORD, TokenType.DOLLAR_STRING, TokenType.WORD, TokenType.WORD),
          types(sql));
      assertEquals("$fn$ SELECT $$;$$; 'unclosed $fn$", tokens.get(1).text(sql));
    }

    @Test
    void differentTagDoesNotCloseAndTagsAreCaseSensitive() {
      String sql = "$a$ $b$ $A$ $a$ x";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(List.of(TokenType.DOLLAR_STRING, TokenType.WORD), types(sql));
      assertEquals("$a$ $b$ $A$ $a$", tokens.get(0).text(sql));
    }

    @Test
    void tagMayContainDigitsAndUnderscores() {
      Token token = single("$body_1$ x $body_1$");
      assertEquals(TokenType.DOLLAR_STRING, token.type());
    }

    @Test
    void multiLineDollarQuoteKeepsItsStartAndAdvancesLines() {
      String sql = "CREATE FUNCTION f() AS\n  $$\nline2;\nline3\n$$ LANGUAGE sql;";
      List<Token> tokens = SqlLexer.tokenize(sql);
      Token body =
          tokens.stream().filter(t -> t.type() == TokenType.DOLLAR_STRING).findFirst().get();
      assertEquals(2, body.line());
      assertEquals(3, body.column());
      Token language = tokens.stream().filter(t -> t.isWord(sql, "LANGUAGE")).findFirst().get();
      assertEquals(5, language.line());
      assertEquals(4, language.column());
    }

    @Test
    void positionalParametersAreNotQuotes() {
      String sql = "SELECT $1, $23 + $1";
      List<Token> tokens = SqlLexer.tokenize(sql);
      assertEquals(
          List.of(
              TokenType.WORD,
              TokenType.PARAMETER,
              TokenType.SYMBOL,
              TokenType.PARAMETER,
              TokenType.SYMBOL,
              TokenType.PARAMETER),
          types(sql));
      assertEquals(List.of("SELECT", "$1", ",", "$23", "+", "$1"), texts(sql));
    }

    @Test
    void parameterDirectlyBeforeASemicolon() {
      assertEquals(
          List.of(TokenType.PARAMETER, TokenType.SEMICOLON, TokenType.WORD), types("$1;x"));
    }

    @Test
    void identifiersMayContainDollarSigns() {
      String sql = "a$b x$$ c$1";
      assertEquals(List.of("a$b", "x$$", "c$1"), texts(sql));
      assertEquals(List.of(TokenType.WORD, TokenType.WORD, TokenType.WORD), types(sql));
    }

    @Test
    void loneDollarSignIsASymbol() {
      String sql = "$ $x y";
      assertEquals(List.of("$", "$", "x", "y"), texts(sql));
      assertEquals(
          List.of(TokenType.SYMBOL, TokenType.SYMBOL, TokenType.WORD, TokenType.WORD), types(sql));
      assertEquals(List.of(TokenType.SYMBOL), types("$"));
    }
  }

  @Nested
  class Unterminated {
    @Test
    void quotedStringReportsWhereItStarts() {
      SqlSyntaxException e = unterminated("SELECT 1;\n  SELECT 'abc;\nmore text");
      assertEquals(2, e.line());
      assertEquals(10, e.column());
      assertTrue(e.getMessage().contains("unterminated quoted string"), e.getMessage());
    }

    @Test
    void stringEndingInADoubledQuoteIsUnterminated() {
      SqlSyntaxException e = unterminated("x 'it''");
      assertEquals(1, e.line());
      assertEquals(3, e.column());
    }

    @Test
    void escapeStringReportsThePrefixPosition() {
      SqlSyntaxException e = unterminated("\n\n   SELECT E'it\\'s;\n");
      assertEquals(3, e.line());
      assertEquals(11, e.column(), "the column of the E prefix");
      assertTrue(e.getMessage().contains("quoted string"), e.getMessage());
    }

    @Test
    void escapeStringEndingInABackslash() {
      SqlSyntaxException e = unterminated("E'abc\\");
      assertEquals(1, e.line());
      assertEquals(1, e.column());
    }

    @Test
    void unicodeStringReportsThePrefixPosition() {
      SqlSyntaxException e = unterminated("SELECT\n U&'abc");
      assertEquals(2, e.line());
      assertEquals(2, e.column());
    }

    @Test
    void quotedIdentifier() {
      SqlSyntaxException e = unterminated("SELECT 1;\nSELECT \"a\"\"b FROM t;\n");
      assertEquals(2, e.line());
      assertEquals(8, e.column());
      assertTrue(e.getMessage().contains("unterminated quoted identifier"), e.getMessage());
    }

    @Test
    void blockComment() {
      SqlSyntaxException e = unterminated("SELECT 1;\n\n    /* never\nclosed");
      assertEquals(3, e.line());
      assertEquals(5, e.column());
      assertTrue(e.getMessage().contains("/*"), e.getMessage());
    }

    @Test
    void nestedBlockCommentClosedOnlyOnce() {
      SqlSyntaxException e = unterminated("SELECT 1; /* outer\n /* inner */\n still open");
      assertEquals(1, e.line());
      assertEquals(11, e.column(), "the outer comment's start, not the inner one's");
    }

    @Test
    void dollarQuoteWithTag() {
      SqlSyntaxException e =
          unterminated("SELECT 1;\nCREATE FUNCTION f() AS $fn$\nBEGIN\n  RETURN 1;\nEND\n$$;");
      assertEquals(2, e.line());
      assertEquals(24, e.column());
      assertTrue(e.getMessage().contains("$fn$"), e.getMessage());
    }

    @Test
    void dollarQuoteWithoutTag() {
      SqlSyntaxException e = unterminated("  DO $$ BEGIN");
      assertEquals(1, e.line());
      assertEquals(6, e.column());
      assertTrue(e.getMessage().contains("dollar-quoted"), e.getMessage());
    }

    @Test
    void positionIsTheStartEvenAfterEarlierMultiLineConstructs() {
      String sql = "/* a\nb */ 'x\ny' $$\n$$ E'z\n\n";
      SqlSyntaxException e = unterminated(sql);
      assertEquals(4, e.line());
      assertEquals(4, e.column());
    }
  }
}
