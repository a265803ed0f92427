package dev.bgplab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.report.LabReport.Link;
import dev.bgplab.lab.report.LabReport.Node;
import dev.bgplab.lab.report.LabReport.StepResult;
import dev.bgplab.lab.report.LabReport.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportTest {

    private final LabReport report = SampleReports.routeServerLab();
    private final String html = HtmlReport.render(report);

    /** The page parsed as XML: it only parses if every tag is closed and every text is escaped. */
    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static NodeList select(Document d, String xpath) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, d, XPathConstants.NODESET);
    }

    @Test
    void isWellFormedWithAVerdictBanner() throws Exception {
        Document d = parse(html);

        assertThat(d.getDocumentElement().getTagName()).isEqualTo("html");
        assertThat(select(d, "//title").item(0).getTextContent()).isEqualTo("FAIL · azure-route-server · bgplab lab report");
        Element banner = (Element) select(d, "//div[@id='verdict']").item(0);
        assertThat(banner.getAttribute("class")).isEqualTo("banner fail");
        assertThat(banner.getTextContent()).startsWith("FAIL").contains("1 of 5 steps failed", "13.0 s", "runtime docker");
    }

    @Test
    void drawsOneSvgElementPerNodeAndLinkWithTheirLabels() throws Exception {
        Document d = parse(html);

        NodeList nodes = select(d, "//svg[@class='topology']//g[@class='node']");
        NodeList links = select(d, "//svg[@class='topology']//g[@class='link']");
        assertThat(nodes.getLength()).isEqualTo(3);
        assertThat(links.getLength()).isEqualTo(3);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) names.add(((Element) nodes.item(i)).getAttribute("data-node"));
        assertThat(names).containsExactly("rs1", "nva1", "nva2");
        assertThat(nodes.item(0).getTextContent()).contains("rs1", "bgplab · route-server", "AS 65515", "eth0 10.0.1.10/24");
        assertThat(links.item(2).getTextContent()).contains("nva1:eth1 ↔ nva2:eth1", "192.168.12.0/30");
        assertThat(select(d, "//svg[@class='topology']//text[contains(@class,'subnet')]").getLength()).isEqualTo(3);
        assertThat(select(d, "//svg[@class='topology']//text[contains(@class,'iface') and text()='eth1']").getLength()).isEqualTo(2);
    }

    @Test
    void tablesTheStepsWithVerdictsReasonsAndDurations() throws Exception {
        Document d = parse(html);

        NodeList rows = select(d, "//table[@class='steps']/tbody/tr");
        assertThat(rows.getLength()).isEqualTo(5);
        Element fail = (Element) rows.item(4);
        assertThat(fail.getAttribute("class")).isEqualTo("fail");
        assertThat(fail.getTextContent()).contains("10.0.0.0/8 at rs1 has next hops {10.0.1.4}", "FAIL", "5.0 s",
                "rs1 still holds the path via <nva2> & its hold timer runs");
        assertThat(((Element) rows.item(2)).getAttribute("class")).isEqualTo("info");
        assertThat(select(d, "//section[@id='measurements']//div[@class='card']").getLength()).isEqualTo(2);
        assertThat(select(d, "//section[@id='measurements']").item(0).getTextContent()).contains("2.31 s", "convergence", "14/500 (2.8 %)");
    }

    @Test
    void plotsTheTimelineWithStepBarsEventMarksAndTheFault() throws Exception {
        Document d = parse(html);

        assertThat(select(d, "//svg[@class='timeline']/g[starts-with(@class,'step-bar')]").getLength()).isEqualTo(5);
        assertThat(select(d, "//svg[@class='timeline']/g[starts-with(@class,'step-bar fail')]/title").item(0).getTextContent())
                .startsWith("step 5 expect");
        // 9 events that are not step starts or ends, one mark each.
        assertThat(select(d, "//svg[@class='timeline']/g[starts-with(@class,'ev ')]").getLength()).isEqualTo(9);
        NodeList fault = select(d, "//svg[@class='timeline']/g[@class='fault']");
        assertThat(fault.getLength()).isEqualTo(1);
        assertThat(fault.item(0).getTextContent()).contains("+4.6 s", "nva2", "stop bgpd");
        assertThat(select(d, "//svg[@class='timeline']/rect[@class='fault-band']").getLength()).isEqualTo(1);
        // Lanes: steps, three nodes and the lab-wide lane.
        assertThat(select(d, "//svg[@class='timeline']/text[starts-with(@class,'lane-name')]").getLength()).isEqualTo(5);
    }

    @Test
    void showsRouteChangesAndTheActualRibOfTheFailedStep() throws Exception {
        Document d = parse(html);

        assertThat(select(d, "//table[@class='routes']/tbody/tr").getLength()).isEqualTo(2);
        assertThat(select(d, "//section[@id='actual-ribs']//pre").item(0).getTextContent()).isEqualTo(SampleReports.RIB_AT_RS1.stripTrailing());
        assertThat(select(d, "//a[@href='#rib-5']").getLength()).isEqualTo(1);
    }

    @Test
    void escapesANodeNamedLikeMarkup() throws Exception {
        String evil = HtmlReport.render(SampleReports.routeServerLab("<evil&>"));

        assertThat(evil).doesNotContain("<evil&>").contains("&lt;evil&amp;&gt;");
        Document d = parse(evil);
        assertThat(((Element) select(d, "//svg[@class='topology']//g[@class='node']").item(2)).getAttribute("data-node")).isEqualTo("<evil&>");
        assertThat(select(d, "//svg[@class='timeline']/text[@class='lane-name']/title[text()='<evil&>']").getLength()).isEqualTo(1);
    }

    @Test
    void isSelfContained() {
        assertThat(html.toLowerCase()).doesNotContain("http://", "https://", "<script", " src=", "@import", "url(", "<link");
        assertThat(html).contains("<style>", "<svg class=\"topology\"", "<svg class=\"timeline\"");
    }

    @Test
    void dropsControlCharactersThatXmlCannotHold() throws Exception {
        LabReport r = new LabReport("ctl\u0000", null, null, "embedded", SampleReports.T0, SampleReports.T0.plusSeconds(1),
                List.of(new Node("n\u0001", "frr", "", "", Map.of())), List.of(),
                List.of(new StepResult(1, "expect", "x", Verdict.FAIL, "esc \u001b[1mbold\u001b[0m", 10, null, "rib \u0007bell")),
                List.of(), List.of());

        Document d = parse(HtmlReport.render(r));

        assertThat(select(d, "//pre").item(0).getTextContent()).isEqualTo("rib bell");
        assertThat(select(d, "//td[@class='reason']").item(0).getTextContent()).isEqualTo("esc bold");
    }

    @Test
    void laysOutLargerTopologiesWithoutOverlappingBoxes() throws Exception {
        LabReport r = SampleReports.bigLab();

        Document d = parse(HtmlReport.render(r));

        NodeList boxes = select(d, "//svg[@class='topology']//g[@class='node']/rect[1]");
        assertThat(boxes.getLength()).isEqualTo(12); // 11 nodes and the switch named only by a link
        assertThat(select(d, "//svg[@class='topology']//g[@class='link']").getLength()).isEqualTo(12);
        double[][] rects = new double[boxes.getLength()][];
        for (int i = 0; i < boxes.getLength(); i++) {
            Element e = (Element) boxes.item(i);
            rects[i] = new double[] {num(e, "x"), num(e, "y"), num(e, "width"), num(e, "height")};
        }
        for (int i = 0; i < rects.length; i++) {
            for (int j = i + 1; j < rects.length; j++) {
                boolean apart = rects[i][0] + rects[i][2] <= rects[j][0] || rects[j][0] + rects[j][2] <= rects[i][0]
                        || rects[i][1] + rects[i][3] <= rects[j][1] || rects[j][1] + rects[j][3] <= rects[i][1];
                assertThat(apart).as("boxes %d and %d apart", i, j).isTrue();
            }
        }
        Element svg = (Element) select(d, "//svg[@class='topology']").item(0);
        for (double[] b : rects) {
            assertThat(b[0] + b[2]).isLessThanOrEqualTo(num(svg, "width"));
            assertThat(b[1] + b[3]).isLessThanOrEqualTo(num(svg, "height"));
        }
    }

    private static double num(Element e, String attribute) { return Double.parseDouble(e.getAttribute(attribute)); }
}
